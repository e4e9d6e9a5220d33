"""Crash and resume: a view killed at random points, again and again, while
decisions keep arriving, ends up equal to a clean rebuild, row for row, and its
tracked position only ever moves forward."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from api.composition import Container
from projections.follower import Projections
from projections.views import AllocationView, BacklogView, DecisionsView, View
from tests.backends import DURABLE_BACKENDS, database_url
from tests.projections.simulation import Simulation
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import container

VIEW_CLASSES: tuple[type[View], ...] = (BacklogView, AllocationView, DecisionsView)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


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
        projections = Projections(tandem.app, batch_size=rng.choice([2, 10, 100, 500]))
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

    resumed = Projections(tandem.app)
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


# -- out of process: a `tandem project` worker killed with SIGKILL -------------

WORKER = (
    "import argparse, sys\n"
    "from api.cli_views import run_project\n"
    "sys.exit(run_project(argparse.Namespace(database_url=sys.argv[1])))\n"
)


class Worker:
    """The projection worker command in its own process."""

    def __init__(self, url: str) -> None:
        env = {**os.environ, "PYTHONPATH": ROOT, "TANDEM_LOG_LEVEL": "WARNING"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # printed once its runners are started
        assert line.startswith("projecting views"), line

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def terminate(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(20)


class Writer:
    """Decisions arriving all the time (a few hundred a second at most, so the
    worker has work at every kill), on a thread of the test process."""

    def __init__(self, simulation: Simulation) -> None:
        self.simulation = simulation
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.wait(0.005):
            self.simulation.run(1)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(30)


def kill_workers(tandem: Container, url: str, seed: int, kills: int) -> None:
    rng = random.Random(seed)
    simulation = Simulation(tandem.app, rng)
    simulation.run(30)
    positions = [tandem.projections.positions()]
    writer = Writer(simulation)
    try:
        for _ in range(kills):
            worker = Worker(url)
            threading.Event().wait(rng.uniform(0, 0.3))  # a random point of its work
            worker.kill()
            positions.append(tandem.projections.positions())
    finally:
        writer.stop()
    head = tandem.app.recorder.max_notification_id() or 0

    survivor = Worker(url)
    try:
        tandem.projections.wait(head, timeout=60)
    finally:
        assert survivor.terminate() == 0
    positions.append(tandem.projections.positions())

    for view in positions[0]:
        seen = [p[view] for p in positions]
        assert seen == sorted(seen), f"{view} went back: {seen}"
        assert seen[-1] == head
    assert simulation.recorded > 30  # decisions kept arriving while workers died
    assert_same(dump(tandem.projections.store), rebuilt(tandem))


@pytest.fixture(params=DURABLE_BACKENDS)
def durable_url(request: pytest.FixtureRequest) -> Iterator[tuple[Container, str]]:
    with database_url(request.param) as url:
        tandem = container(url)
        try:
            yield tandem, url
        finally:
            tandem.close()


@pytest.mark.slow
def test_a_worker_killed_a_dozen_times_resumes_exactly(durable_url: tuple[Container, str]) -> None:
    kill_workers(*durable_url, seed=5, kills=12)


@pytest.mark.slow
@pytest.mark.stress
def test_a_worker_killed_fifty_times_resumes_exactly(durable_url: tuple[Container, str]) -> None:
    kill_workers(*durable_url, seed=55, kills=50)
