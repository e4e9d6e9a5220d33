"""Crash and resume: a view killed at random points, again and again, while
decisions keep arriving, ends up equal to a clean rebuild, row for row, and its
tracked position only ever moves forward."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from api.composition import Container
from projections.allocation.view import AllocationView
from projections.backlog.view import BacklogView
from projections.catalog import followers
from projections.decisions.view import DecisionsView
from projections.engine.projections import Projections
from projections.engine.view import View
from tests.backends import DURABLE_BACKENDS, database_url
from tests.projections.simulation import Simulation
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import container

VIEW_CLASSES: tuple[type[View], ...] = (BacklogView, AllocationView, DecisionsView)


class Crash(BaseException):
    """The process dying mid-batch: no handler in the runner catches it."""


@contextmanager
def crashing(view_class: type[View], on_call: int) -> Iterator[None]:
    """The view's handler dies on its `on_call`-th event, inside the open transaction."""
    original = view_class.handle
    calls = itertools.count(1)

    def handle(self: View, event: Any, position: int, tx: Any) -> None:
        if next(calls) == on_call:
            raise Crash(f"{view_class.name} killed at event {position}")
        original(self, event, position, tx)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(view_class, "handle", handle)
        yield


@pytest.fixture(params=DURABLE_BACKENDS)
def durable(request: pytest.FixtureRequest) -> Iterator[Container]:
    with database_url(request.param) as url:
        tandem = container(url)
        try:
            yield tandem
        finally:
            tandem.close()


def crash_and_resume(tandem: Container, seed: int, rounds: int) -> None:
    rng = random.Random(seed)
    simulation = Simulation(tandem.app, rng)
    simulation.run(40)
    history: list[dict[str, int]] = []
    crashes = 0
    for _ in range(rounds):
        simulation.run(rng.randint(0, 25))
        # A fresh process: new runners, new replicas, positions read from the store.
        projections = Projections(
            tandem.app, followers(tandem.app), batch_size=rng.choice([2, 10, 100, 500])
        )
        history.append(projections.positions())
        view_class = rng.choice(VIEW_CLASSES)
        behind = projections.head() - history[-1][view_class.name]
        with crashing(view_class, rng.randint(1, behind + 5)):
            try:
                projections.catch_up()
            except Crash:
                crashes += 1
        history.append(projections.positions())
        projections.close()

    resumed = Projections(tandem.app, followers(tandem.app))
    head = resumed.catch_up()
    history.append(resumed.positions())
    resumed.close()

    assert head == tandem.app.recorder.max_notification_id()
    assert crashes > rounds // 2
    for view in history[0]:
        positions = [h[view] for h in history]
        assert positions == sorted(positions), f"{view} went back: {positions}"
    assert_same(dump(tandem.projections.store), rebuilt(tandem))


def test_views_killed_in_process_at_random_events_resume_exactly(durable: Container) -> None:
    crash_and_resume(durable, seed=3, rounds=20)


@pytest.mark.stress
@pytest.mark.parametrize("seed", [31, 32])
def test_views_killed_in_process_hundreds_of_times_resume_exactly(
    durable: Container, seed: int
) -> None:
    crash_and_resume(durable, seed=seed, rounds=300)


# Out of process, a `tandem project` worker SIGKILLed at random points while decisions
# keep arriving: tests/reliability/test_worker_kills.py (helpers in worker_process.py).
