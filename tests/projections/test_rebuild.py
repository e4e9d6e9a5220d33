"""Rebuild equals incremental: after a long random scenario, with the views
following the log while it happened, a fresh rebuild gives the same rows, and
the backlog order is what a reference model of the ranking rules says."""

from __future__ import annotations

import random
import threading

import pytest

from api.composition import Container
from projections.allocation.view import AllocationView
from projections.backlog.view import BacklogView
from projections.decisions.view import DecisionsView
from projections.engine.rebuild import rebuild
from projections.reader import ViewReader
from tests.projections.simulation import Simulation
from tests.projections.tables import assert_same, dump, rebuilt


async def follow_then_compare(tandem: Container, reader: ViewReader, seed: int, n: int) -> None:
    tandem.start_views()
    simulation = Simulation(tandem.app, random.Random(seed))
    simulation.run(n)
    head = tandem.app.recorder.max_notification_id() or 0
    tandem.projections.wait(head, timeout=60)
    tandem.projections.stop()
    incremental = dump(tandem.projections.store)

    assert_same(incremental, rebuilt(tandem))
    assert_same(incremental, rebuilt(tandem, one_pass=True))
    assert set(tandem.projections.positions().values()) == {head}
    for product, board in simulation.boards.items():
        page = await reader.backlog(product, None, 1000, 0)
        assert [row.id for row in page.rows] == board.order
        assert [row.rank for row in page.rows] == list(range(1, len(board.order) + 1))
    decisions = incremental["decisions"]
    assert len(decisions) == len({row[0] for row in decisions})
    assert simulation.rejected > 0  # the scenario also tried what the rules forbid


async def test_a_long_random_scenario_rebuilds_to_the_same_views(
    tandem: Container, reader: ViewReader
) -> None:
    await follow_then_compare(tandem, reader, seed=7, n=300)


async def test_a_rebuild_while_the_views_serve_and_decisions_arrive_loses_nothing(
    tandem: Container, reader: ViewReader
) -> None:
    tandem.start_views()
    simulation = Simulation(tandem.app, random.Random(21))
    simulation.run(100)
    writer = threading.Thread(target=simulation.run, args=(150,))
    writer.start()
    app, store = tandem.app, tandem.projections.store
    positions = [
        rebuild(app, store, view)
        for view in (BacklogView(app), AllocationView(app), DecisionsView(app))
    ]
    writer.join()
    head = app.recorder.max_notification_id() or 0
    tandem.projections.wait(head, timeout=60)
    tandem.projections.stop()

    assert all(0 < position <= head for position in positions)
    assert_same(dump(store), rebuilt(tandem))
    for product, board in simulation.boards.items():
        page = await reader.backlog(product, None, 1000, 0)
        assert [row.id for row in page.rows] == board.order


@pytest.mark.stress
@pytest.mark.parametrize("seed", [11, 12, 13])
async def test_thousands_of_random_decisions_rebuild_to_the_same_views(
    tandem: Container, reader: ViewReader, seed: int
) -> None:
    await follow_then_compare(tandem, reader, seed=seed, n=3000)
