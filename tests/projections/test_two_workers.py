"""Two workers started on the same views (PostgreSQL): the advisory lock lets one
process each view at a time, so no event is handled twice, and a stopped
worker's replacement resumes from the tracked position."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from api.composition import Container
from projections.allocation.view import AllocationView
from projections.backlog.view import BacklogView
from projections.decisions.view import DecisionsView
from projections.engine.view import View
from tests.backends import database_url
from tests.projections.simulation import Simulation
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import container

pytestmark = pytest.mark.postgres


@pytest.fixture
def url() -> Iterator[str]:
    with database_url("postgres") as url:
        yield url


class Handled:
    """Which view instance handled which position, across every Projections."""

    def __init__(self, patch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[int, str, int]] = []
        for view_class in (BacklogView, AllocationView, DecisionsView):
            self._spy(patch, view_class)

    def _spy(self, patch: pytest.MonkeyPatch, view_class: type[View]) -> None:
        original = view_class.handle

        def handle(view: View, event: Any, position: int, tx: Any) -> None:
            self.calls.append((id(view), view.name, position))
            original(view, event, position, tx)

        patch.setattr(view_class, "handle", handle)

    def twice(self) -> list[tuple[str, int]]:
        counts = Counter((name, position) for _, name, position in self.calls)
        return [key for key, n in counts.items() if n > 1]

    def positions(self, view: str) -> set[int]:
        return {p for _, name, p in self.calls if name == view}

    def workers(self, view: str, *workers: Container) -> set[int]:
        """Which of the workers handled events of the view (by index)."""
        ids = {
            id(v): i for i, w in enumerate(workers) for v in (r.view for r in w.projections.runners)
        }
        return {ids[v] for v, name, _ in self.calls if name == view}


def log_positions(tandem: Container, decisions_only: bool = False) -> set[int]:
    """Positions in the log (ids may have gaps); of product decisions only if asked."""
    notifications = tandem.app.recorder.select_notifications(start=1, limit=1_000_000)
    return {
        n.id
        for n in notifications
        if not decisions_only or n.topic.startswith("domain.product_events:")
    }


def test_two_workers_share_the_views_without_handling_anything_twice(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    handled = Handled(monkeypatch)
    writer, first, second = container(url), container(url), container(url)
    simulation = Simulation(writer.app, random.Random(9))
    try:
        first.projections.start()
        second.projections.start()
        simulation.run(150)
        head = writer.app.recorder.max_notification_id() or 0
        writer.projections.wait(head, timeout=30)

        assert handled.twice() == []
        for view in ("backlog", "allocation", "decisions"):
            assert len(handled.workers(view, first, second)) == 1, f"{view} had two workers"
            assert handled.positions(view) == log_positions(writer)

        # The worker holding the views stops; its replacement takes over from the
        # tracked position while decisions go on.
        stopped = first if handled.workers("backlog", first, second) == {0} else second
        stopped.projections.stop()
        simulation.run(100)
        replacement = container(url)
        replacement.projections.start()
        head = writer.app.recorder.max_notification_id() or 0
        writer.projections.wait(head, timeout=30)

        assert handled.twice() == []
        positions = dump(writer.projections.store)["decisions"]
        assert sorted(row[0] for row in positions) == sorted(log_positions(writer, True))
        for view in ("backlog", "allocation", "decisions"):
            assert handled.positions(view) == log_positions(writer)
        for worker in (first, second, replacement):
            worker.projections.stop()
        assert_same(dump(writer.projections.store), rebuilt(writer))
    finally:
        for tandem in (writer, first, second):
            tandem.close()
