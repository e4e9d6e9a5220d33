"""The snapshot taker: a log follower of its own that writes the time-travel store
(a checkpoint of each product every N versions, a change row per item decision) in
its own transactions, keeps the library's latest snapshots of each product, and
that a rebuild takes along."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest

from api.composition import Container
from projections.catalog import VIEWS
from projections.engine.rebuild import rebuild_all
from projections.engine.runner import Runner
from projections.snapshots.queries import ITEMS_SQLITE
from projections.snapshots.taker import LIBRARY_EVERY, SnapshotTaker
from tests.projections.simulation import Simulation
from tests.projections.team import Team


def snapshot_versions(tandem: Container, product_id: str) -> list[int]:
    """The library's snapshots of the product (what the write side loads from)."""
    snapshots = tandem.app.snapshots
    assert snapshots is not None
    return [e.originator_version for e in snapshots.recorder.select_events(uuid.UUID(product_id))]


def checkpoints(tandem: Container, product_id: str) -> list[int]:
    with tandem.projections.store.transaction() as tx:
        rows = tx.fetchall(
            "SELECT c.version FROM past_checkpoints c JOIN past_products p ON p.pkey = c.pkey "
            "WHERE p.product_id = ? ORDER BY c.version",
            (product_id,),
        )
    return [int(row[0]) for row in rows]


def taker(tandem: Container) -> Runner:
    (runner,) = [r for r in tandem.projections.runners if r.name == "snapshots"]
    return runner


def ten_items_followed(tandem: Container, team: Team, interval: int) -> list[int]:
    """Ten items proposed, followed with checkpoints every `interval` versions; the
    versions checkpointed."""
    taker(tandem).view.interval = interval  # type: ignore[attr-defined]
    team.propose(*[f"Item {n}" for n in range(10)])
    tandem.projections.catch_up()
    return checkpoints(tandem, team.product_id)


def test_the_views_take_no_snapshots(tandem: Container, team: Team) -> None:
    taker(tandem).view.interval = 1  # type: ignore[attr-defined]
    team.propose("SSO login", "Guest checkout", "Apple Pay")
    for runner in tandem.projections.view_runners:
        runner.catch_up()

    assert snapshot_versions(tandem, team.product_id) == []
    assert checkpoints(tandem, team.product_id) == []


def test_a_checkpoint_every_n_versions_at_its_own_tracked_position(
    tandem: Container, team: Team
) -> None:
    versions = ten_items_followed(tandem, team, interval=4)

    status = {s.view: s for s in tandem.projections.status()}
    assert (status["snapshots"].position, status["snapshots"].lag) == (team.head(), 0)
    assert versions == list(range(4, max(versions) + 1, 4)) and len(versions) >= 3


def test_only_the_latest_two_library_snapshots_are_kept(tandem: Container, team: Team) -> None:
    if tandem.settings.store.backend == "memory":
        pytest.skip("the memory backend has no disk to reclaim: it keeps every snapshot")
    versions = ten_items_followed(tandem, team, interval=1)
    for _ in range(3):
        team.propose(*[f"More {n}" for n in range(LIBRARY_EVERY)])
        tandem.projections.catch_up()

    kept = snapshot_versions(tandem, team.product_id)
    version = tandem.app.product(team.product_id).version
    newest = version // LIBRARY_EVERY * LIBRARY_EVERY
    assert max(versions) < newest
    assert kept == [newest - LIBRARY_EVERY, newest]


def test_a_rebuild_writes_only_the_library_snapshots_it_keeps(
    tandem: Container, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    ten_items_followed(tandem, team, interval=0)
    team.propose(*[f"More {n}" for n in range(3 * LIBRARY_EVERY)])
    snapshots = tandem.app.snapshots
    assert snapshots is not None
    inserted: list[int] = []
    insert = snapshots.recorder.insert_events

    def noted(events: Any, **kwargs: Any) -> Any:
        inserted.extend(e.originator_version for e in events)
        return insert(events, **kwargs)

    monkeypatch.setattr(snapshots.recorder, "insert_events", noted)

    rebuild_all(tandem.app, tandem.projections.store, [SnapshotTaker(tandem.app, 1)])

    version = tandem.app.product(team.product_id).version
    newest = version // LIBRARY_EVERY * LIBRARY_EVERY
    assert newest >= 4 * LIBRARY_EVERY
    # Taken every LIBRARY_EVERY versions along the pass; written once swapped in.
    assert inserted == [newest - LIBRARY_EVERY, newest]
    assert snapshot_versions(tandem, team.product_id) == inserted


def test_a_rebuild_replaces_the_checkpoints_at_the_new_interval(tandem: Container) -> None:
    taker(tandem).view.interval = 10  # type: ignore[attr-defined]
    simulation = Simulation(tandem.app, random.Random(3))
    simulation.run(120)
    tandem.projections.catch_up()
    product = next(iter(simulation.boards))
    taken = checkpoints(tandem, product)
    assert taken and all(version % 10 == 0 for version in taken)

    followers = [*(view(tandem.app) for view in VIEWS), SnapshotTaker(tandem.app, 5)]
    rebuild_all(tandem.app, tandem.projections.store, followers)

    now = checkpoints(tandem, product)
    assert set(taken) < set(now)
    assert now == list(range(5, max(now) + 1, 5))


def test_rebuilding_the_snapshots_alone_takes_the_checkpoints(
    tandem: Container, team: Team
) -> None:
    assert ten_items_followed(tandem, team, interval=0) == []

    position = rebuild_all(tandem.app, tandem.projections.store, [SnapshotTaker(tandem.app, 5)])

    assert position == team.head()
    versions = checkpoints(tandem, team.product_id)
    assert versions == list(range(5, max(versions) + 1, 5)) and len(versions) >= 2


def change_rows(tandem: Container) -> list[tuple[int, int]]:
    with tandem.projections.store.transaction() as tx:
        rows = tx.fetchall("SELECT pkey, version FROM past_changes ORDER BY pkey, version")
    return [(int(pkey), int(version)) for pkey, version in rows]


def keeps_a_rowid(tandem: Container) -> bool:
    """Whether SQLite keeps past_changes as a rowid table (a second copy of its key)."""
    with tandem.projections.store.transaction() as tx:
        (sql,) = tx.fetchall("SELECT sql FROM sqlite_master WHERE name = 'past_changes'")[0]
    return "WITHOUT ROWID" not in sql


def test_the_change_rows_are_kept_in_their_keys_order_before_and_after_a_rebuild(
    tandem: Container, team: Team
) -> None:
    """On SQLite without a rowid (their key is not stored twice); PostgreSQL creates
    the same table without the clause it does not know."""
    ten_items_followed(tandem, team, interval=4)
    written = change_rows(tandem)
    assert len(written) >= 10
    sqlite = tandem.settings.store.backend != "postgres"
    assert not (sqlite and keeps_a_rowid(tandem))

    rebuild_all(tandem.app, tandem.projections.store, [SnapshotTaker(tandem.app, 4)])

    assert change_rows(tandem) == written
    assert not (sqlite and keeps_a_rowid(tandem))


def test_an_items_last_change_is_sought_by_item_on_sqlite(tandem: Container, team: Team) -> None:
    """In key order, SQLite's planner would walk a product's changes back from the
    version to each item's last work, row by row; the read seeks it by item instead."""
    if tandem.settings.store.backend == "postgres":
        pytest.skip("a plan of SQLite's")
    ten_items_followed(tandem, team, interval=4)
    with tandem.projections.store.transaction() as tx:
        plan = tx.fetchall("EXPLAIN QUERY PLAN " + ITEMS_SQLITE, (99, 99, 99, 1, 99))
    steps = [str(step[-1]) for step in plan]
    searches = [s for s in steps if s.startswith("SEARCH c ")]
    assert len(searches) == 2 and all("past_changes_item" in s for s in searches), steps


PAST = ("products", "items", "changes", "texts", "checkpoints", "rests")


def time_travel_store(tandem: Container) -> dict[str, list[tuple[Any, ...]]]:
    with tandem.projections.store.transaction() as tx:
        return {
            table: sorted(tx.fetchall(f"SELECT * FROM past_{table}"), key=repr) for table in PAST
        }


def test_a_rebuild_writes_the_time_travel_store_followed_in_bulk(tandem: Container) -> None:
    """Flushed many times, each flush merging into the rows written before; the taker
    hands its rows to the rebuild's bulk writer (COPY, or one executemany a table a
    flush), not a statement of its own a batch."""
    taker(tandem).view.interval = 7  # type: ignore[attr-defined]
    Simulation(tandem.app, random.Random(11)).run(200)
    tandem.projections.catch_up()
    followed = time_travel_store(tandem)
    assert len(followed["changes"]) > 100 and followed["checkpoints"]
    rebuilding = SnapshotTaker(tandem.app, 7)
    own: list[str] = []
    held: set[str] = set()
    flush = rebuilding.flush

    def watched(tx: Any) -> None:
        executemany = tx.executemany
        tx.executemany = lambda sql, rows: (own.append(sql), executemany(sql, rows))[1]
        flush(tx)
        held.update(tx.bulk.pending)

    rebuilding.flush = watched  # type: ignore[method-assign]

    rebuild_all(tandem.app, tandem.projections.store, [rebuilding], batch_size=25, flush_every=60)

    assert time_travel_store(tandem) == followed
    assert {"past_changes", "past_checkpoints"} <= held
    assert not [sql for sql in own if "INSERT" in sql]
