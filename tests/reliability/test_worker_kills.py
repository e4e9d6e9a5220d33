"""The projection worker SIGKILLed at random points while decisions keep arriving: after
every kill the views, as the dead worker left them, equal a clean build of the log up to
the positions they track, row for row; tracked positions only move forward; and a
survivor brings every view to the head, equal to a rebuild from scratch.

The workers killed run `tandem project`'s code in processes forked from a server that
has imported Tandem already (a kill every few hundred milliseconds, not every second
and a half of interpreter start-up); the survivor is the command itself.

(In-process crashes at chosen events: tests/projections/test_crash_resume.py.)
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from eventsourcing.persistence import Notification

from api.composition import Container
from projections.catalog import VIEWS, view_named
from projections.engine.rebuild import objects
from projections.engine.runner import Runner
from projections.engine.view_store import tracking_name
from tests.backends import DURABLE_BACKENDS, database_url
from tests.projections.simulation import Simulation
from tests.projections.tables import VIEW_NAMES, Dump, assert_same, dump, rebuilt
from tests.projections.tables import tables as view_tables
from tests.projections.team import container
from tests.projections.worker_process import ForkedWorker, Worker, Writer
from tests.reliability.figures import record

pytestmark = pytest.mark.slow

PROMISE = "3. A projection worker killed at random points resumes exactly (SIGKILL)"
TEST = "tests/reliability/test_worker_kills.py"
CLEAN = "__clean"


class CutLog:
    """The application as a runner sees it, with the log cut at a position."""

    def __init__(self, tandem: Container) -> None:
        self.app = tandem.app
        self.mapper = tandem.app.mapper
        self.recorder = self
        self.stop = 0

    def select_notifications(self, start: int, limit: int, **kwargs: Any) -> list[Notification]:
        return list(self.app.recorder.select_notifications(start, limit, stop=self.stop))


@dataclass
class CleanBuild:
    """A second generation of every view, built by runners that are never killed, in
    batches of their own, up to the positions the live views are at."""

    tandem: Container

    def __post_init__(self) -> None:
        store = self.tandem.projections.store
        with store.transaction() as tx:
            for view in VIEW_NAMES:
                for kind, name, _ in objects(view_named(view)):
                    if kind == "TABLE":
                        tx.execute(f"DROP TABLE IF EXISTS {name}{CLEAN}")
                for _, _, statement in objects(view_named(view)):
                    tx.execute(store.with_suffix(statement, CLEAN))
                tx.execute(
                    f"DELETE FROM {store.tracking_table} WHERE application_name = ?",
                    (tracking_name(view + CLEAN),),
                )
        self.logs = {v.name: CutLog(self.tandem) for v in VIEWS}
        self.runners = {
            v.name: Runner(
                self.logs[v.name], store, v(self.tandem.app), batch_size=97, suffix=CLEAN
            )  # type: ignore[arg-type]
            for v in VIEWS
        }

    def up_to(self, positions: dict[str, int]) -> Dump:
        for view, position in positions.items():
            self.logs[view].stop = position
            assert self.runners[view].catch_up() == position
        return dump(self.tandem.projections.store, suffix=CLEAN)


def left_behind(tandem: Container) -> tuple[dict[str, int], Dump]:
    """The views' positions and rows, read in one snapshot: on PostgreSQL a killed
    worker's last COMMIT may still be landing after the kill."""
    store = tandem.projections.store
    names = [tracking_name(view) for view in VIEW_NAMES]
    with store.transaction() as tx:
        if store.postgres:
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        rows = tx.fetchall(
            f"SELECT application_name, MAX(notification_id) FROM {store.tracking_table} "
            f"WHERE application_name IN ({', '.join('?' for _ in names)}) "
            "GROUP BY application_name",
            names,
        )
        tracked = {name: int(position) for name, position in rows}
        tables = {
            table: sorted(tx.fetchall(f"SELECT * FROM {table}"), key=repr)
            for view in VIEW_NAMES
            for table in view_tables(view)
        }
    return {view: tracked.get(tracking_name(view), 0) for view in VIEW_NAMES}, tables


@pytest.fixture(params=DURABLE_BACKENDS)
def durable(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, Container]]:
    with database_url(request.param) as url:
        tandem = container(url)
        try:
            yield request.param, url, tandem
        finally:
            tandem.close()


def kill_workers(durable: tuple[str, str, Container], seed: int, kills: int, name: str) -> None:
    backend, url, tandem = durable
    rng = random.Random(seed)
    simulation = Simulation(tandem.app, rng)
    simulation.run(30)
    clean = CleanBuild(tandem)
    positions = [tandem.projections.positions()]
    behind_at_kill = compared = 0
    writer = Writer(simulation)
    try:
        for _ in range(kills):
            worker = ForkedWorker(url)
            threading.Event().wait(rng.uniform(0, 0.3))  # a random point of its work
            worker.kill()
            head = tandem.app.recorder.max_notification_id() or 0
            now, rows = left_behind(tandem)
            behind_at_kill += min(now.values()) < head
            for view in now:
                assert now[view] >= positions[-1][view], f"{view} went back: {positions}"
            positions.append(now)
            # As the dead worker left them: equal to a clean build up to those positions.
            assert_same(rows, clean.up_to(now))
            compared += 1
    finally:
        writer.stop()
    head = tandem.app.recorder.max_notification_id() or 0

    survivor = Worker(url)  # the command itself, started the way operators start it
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
    assert behind_at_kill > kills // 2  # most kills found the worker with work to do
    assert_same(dump(tandem.projections.store), rebuilt(tandem))
    record(
        PROMISE,
        name,
        backend,
        kills=kills,
        kills_with_work_in_hand=behind_at_kill,
        decisions_while_killing=simulation.recorded - 30,
        events_in_log=head,
        compared_with_clean_build=compared + 1,
        positions_gone_back=0,
        differences=0,
    )


def test_a_worker_killed_a_dozen_times_resumes_exactly(
    durable: tuple[str, str, Container],
) -> None:
    kill_workers(durable, seed=5, kills=12, name=TEST)


@pytest.mark.stress
def test_a_worker_killed_fifty_times_resumes_exactly(
    durable: tuple[str, str, Container],
) -> None:
    kill_workers(durable, seed=55, kills=50, name=TEST + " (stress)")
