"""Rebuilding every view in one pass over the log gives the same rows as following
it live, swaps each view in, and leaves the products' snapshots as they were."""

from __future__ import annotations

import random
import threading
import uuid

from api.composition import Container
from projections.rebuild import rebuild_all
from projections.views import VIEWS
from tests.projections.simulation import Simulation
from tests.projections.tables import assert_same, dump


def all_views(tandem: Container) -> list:  # type: ignore[type-arg]
    return [view(tandem.app) for view in VIEWS]


def snapshot_versions(tandem: Container, product_id: str) -> list[int]:
    snapshots = tandem.app.snapshots
    assert snapshots is not None
    return [e.originator_version for e in snapshots.recorder.select_events(uuid.UUID(product_id))]


def test_one_pass_over_the_log_rebuilds_the_views_as_they_were_followed(
    tandem: Container,
) -> None:
    tandem.start_views()
    simulation = Simulation(tandem.app, random.Random(7))
    simulation.run(300)
    head = tandem.app.recorder.max_notification_id() or 0
    tandem.projections.wait(head, timeout=60)
    tandem.projections.stop()
    incremental = dump(tandem.projections.store)

    position = rebuild_all(tandem.app, tandem.projections.store, all_views(tandem))

    assert position == head
    assert_same(incremental, dump(tandem.projections.store))
    assert set(tandem.projections.positions().values()) == {head}


def test_rebuilding_all_views_while_decisions_arrive_loses_nothing(tandem: Container) -> None:
    tandem.start_views()
    simulation = Simulation(tandem.app, random.Random(21))
    simulation.run(100)
    writer = threading.Thread(target=simulation.run, args=(150,))
    writer.start()
    position = rebuild_all(tandem.app, tandem.projections.store, all_views(tandem))
    writer.join()
    head = tandem.app.recorder.max_notification_id() or 0
    tandem.projections.wait(head, timeout=60)
    tandem.projections.stop()
    followed = dump(tandem.projections.store)

    assert 0 < position <= head
    rebuild_all(tandem.app, tandem.projections.store, all_views(tandem))
    assert_same(followed, dump(tandem.projections.store))


def test_a_rebuild_keeps_the_snapshots_and_takes_the_missing_ones(tandem: Container) -> None:
    tandem.projections.runners[0].view.snapshot_interval = 10  # type: ignore[attr-defined]
    simulation = Simulation(tandem.app, random.Random(3))
    simulation.run(120)
    tandem.projections.catch_up()
    product = next(iter(simulation.boards))
    taken = snapshot_versions(tandem, product)
    assert taken and all(version % 10 == 0 for version in taken)

    views = all_views(tandem)
    views[0].snapshot_interval = 5  # type: ignore[attr-defined]
    rebuild_all(tandem.app, tandem.projections.store, views)

    now = snapshot_versions(tandem, product)
    assert set(taken) < set(now)
    assert sorted(now) == list(range(5, max(now) + 1, 5))
