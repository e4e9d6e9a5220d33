"""A runner outlives the store failing under it, wherever in its loop that happens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from eventsourcing.persistence import OperationalError

from api.composition import Container
from domain.commands import ProposeItem
from projections.engine.view_store import ViewStore
from tests.backends import postgres_schema
from tests.projections.team import Team, container


@pytest.fixture
def postgres() -> Iterator[Container]:
    with postgres_schema() as url:
        built = container(url)
        try:
            yield built
        finally:
            built.close()


@pytest.mark.postgres
def test_a_connection_lost_as_a_runner_takes_its_view_leaves_it_following(
    postgres: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taking a view's lock, a runner reads the view's position anew; the connection
    lost right then used to end the runner's thread, the view left behind for good."""
    team = Team.gather(postgres.app)
    position = ViewStore.position
    lost: list[str] = []

    def once_lost(store: ViewStore, view: str) -> int | None:
        if view not in lost:
            lost.append(view)
            raise OperationalError("terminating connection due to administrator command")
        return position(store, view)

    projections = postgres.projections
    monkeypatch.setattr(ViewStore, "position", once_lost)
    projections.start()
    head = (
        team.app.decide(
            team.ana, ProposeItem(product_id=team.product_id, title="SSO login")
        ).position
        or 0
    )
    projections.wait(head, timeout=30)
    projections.stop()

    assert sorted(lost) == sorted(r.name for r in projections.runners)
    assert projections.running
