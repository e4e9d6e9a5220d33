"""Rebuilding every view in one pass over the log gives the same rows as following
it live, and swaps each view in (snapshots: test_snapshots)."""

from __future__ import annotations

import random
import re
import threading

from api.composition import Container
from projections.catalog import VIEWS
from projections.engine.rebuild import objects, rebuild_all
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


def test_a_rebuild_flushed_many_times_gives_the_rows_followed(tandem: Container) -> None:
    """Each flush after the first merges into rows already written (see bulk_writes)."""
    tandem.start_views()
    Simulation(tandem.app, random.Random(5)).run(200)
    head = tandem.app.recorder.max_notification_id() or 0
    tandem.projections.wait(head, timeout=60)
    tandem.projections.stop()
    followed = dump(tandem.projections.store)

    store = tandem.projections.store
    assert rebuild_all(tandem.app, store, all_views(tandem), batch_size=25, flush_every=60) == head

    assert_same(followed, dump(store))


def test_the_rebuilt_views_have_their_indexes_under_their_own_names(tandem: Container) -> None:
    Simulation(tandem.app, random.Random(3)).run(40)
    store = tandem.projections.store
    rebuild_all(tandem.app, store, all_views(tandem))

    wanted = {
        (name, re.search(r" ON (\w+)", statement).group(1))  # type: ignore[union-attr]
        for view in VIEWS
        for kind, name, statement in objects(view)
        if kind == "INDEX"
    }
    with store.transaction() as tx:
        if store.postgres:
            indexes = tx.fetchall(
                "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = current_schema()"
            )
            names = tx.fetchall(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        else:
            indexes = tx.fetchall("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
            names = tx.fetchall("SELECT name FROM sqlite_master")
    assert wanted <= set(indexes)
    assert [name for (name,) in names if name.endswith("__next")] == []
