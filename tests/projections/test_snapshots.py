"""The snapshot taker: a log follower of its own (no view writes to the event store)
that snapshots each product every N versions, and that a rebuild takes along."""

from __future__ import annotations

import random
import uuid

from api.composition import Container
from projections.catalog import VIEWS
from projections.engine.rebuild import rebuild_all
from projections.engine.runner import Runner
from projections.snapshots.taker import SnapshotTaker
from tests.projections.simulation import Simulation
from tests.projections.team import Team


def snapshot_versions(tandem: Container, product_id: str) -> list[int]:
    snapshots = tandem.app.snapshots
    assert snapshots is not None
    return [e.originator_version for e in snapshots.recorder.select_events(uuid.UUID(product_id))]


def taker(tandem: Container) -> Runner:
    (runner,) = [r for r in tandem.projections.runners if r.name == "snapshots"]
    return runner


def ten_items_followed(tandem: Container, team: Team, interval: int) -> list[int]:
    """Ten items proposed, followed with snapshots every `interval` versions; the
    versions snapshotted."""
    taker(tandem).view.interval = interval  # type: ignore[attr-defined]
    team.propose(*[f"Item {n}" for n in range(10)])
    tandem.projections.catch_up()
    return snapshot_versions(tandem, team.product_id)


def test_the_views_take_no_snapshots(tandem: Container, team: Team) -> None:
    taker(tandem).view.interval = 1  # type: ignore[attr-defined]
    team.propose("SSO login", "Guest checkout", "Apple Pay")
    for runner in tandem.projections.view_runners:
        runner.catch_up()

    assert snapshot_versions(tandem, team.product_id) == []


def test_a_snapshot_every_n_versions_at_its_own_tracked_position(
    tandem: Container, team: Team
) -> None:
    versions = ten_items_followed(tandem, team, interval=4)

    status = {s.view: s for s in tandem.projections.status()}
    assert (status["snapshots"].position, status["snapshots"].lag) == (team.head(), 0)
    assert versions == list(range(4, max(versions) + 1, 4)) and len(versions) >= 3


def test_a_rebuild_keeps_the_snapshots_and_takes_the_missing_ones(tandem: Container) -> None:
    taker(tandem).view.interval = 10  # type: ignore[attr-defined]
    simulation = Simulation(tandem.app, random.Random(3))
    simulation.run(120)
    tandem.projections.catch_up()
    product = next(iter(simulation.boards))
    taken = snapshot_versions(tandem, product)
    assert taken and all(version % 10 == 0 for version in taken)

    followers = [*(view(tandem.app) for view in VIEWS), SnapshotTaker(tandem.app, 5)]
    rebuild_all(tandem.app, tandem.projections.store, followers)

    now = snapshot_versions(tandem, product)
    assert set(taken) < set(now)
    assert sorted(now) == list(range(5, max(now) + 1, 5))


def test_rebuilding_the_snapshots_alone_takes_the_missing_ones(
    tandem: Container, team: Team
) -> None:
    assert ten_items_followed(tandem, team, interval=0) == []

    position = rebuild_all(tandem.app, tandem.projections.store, [SnapshotTaker(tandem.app, 5)])

    assert position == team.head()
    versions = snapshot_versions(tandem, team.product_id)
    assert versions == list(range(5, max(versions) + 1, 5)) and len(versions) >= 2
