"""Rebuilding every view in one pass over the log gives the same rows as following
it live, and swaps each view in (snapshots: test_snapshots)."""

from __future__ import annotations

import random
import threading

from api.composition import Container
from projections.catalog import VIEWS
from projections.engine.rebuild import rebuild_all
from tests.projections.simulation import Simulation
from tests.projections.tables import assert_same, dump


def all_views(tandem: Container) -> list:  # type: ignore[type-arg]
    return [view(tandem.app) for view in VIEWS]


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
