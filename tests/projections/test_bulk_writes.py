"""A rebuild's bulk writes leave a table as the statements would have, one after
another: random inserts, upserts (keeping or updating columns) and replacements of
groups, flushed at random points, give the rows writing them one by one gives."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from api.composition import Container
from projections.engine.bulk_writes import BulkWrites
from projections.engine.view_store import Tx, ViewStore

PROBE = """CREATE TABLE IF NOT EXISTS probe (
    probe_id TEXT PRIMARY KEY, team TEXT NOT NULL, title TEXT NOT NULL,
    points DOUBLE PRECISION, version INTEGER NOT NULL)"""
BULK = "__bulk"
TEAMS = ("Ana", "Bo", "Cy")


@pytest.fixture
def store(tandem: Container) -> Iterator[ViewStore]:
    opened = ViewStore(tandem.app, [PROBE])
    opened.create_tables([opened.with_suffix(PROBE, BULK)])
    try:
        yield opened
    finally:
        opened.close()


def row(rng: random.Random, team: str, number: int) -> tuple[Any, ...]:
    points = rng.choice([None, 1.5, 3.0, 8.0])
    return (f"{team}-{number}", team, rng.choice(["SSO login", "Guest checkout"]), points, number)


def random_writes(rng: random.Random, tx: Tx, serial: Iterator[int]) -> None:
    """One write of a random kind; keys stay within their team, so a replaced team
    never collides with another's rows."""
    team = rng.choice(TEAMS)
    some = [row(rng, team, rng.randrange(8)) for _ in range(rng.randrange(1, 4))]
    kind = rng.randrange(4)
    if kind == 0:
        tx.insert("probe", [row(rng, team, 100 + next(serial))])
    elif kind == 1:
        tx.upsert("probe", some)
    elif kind == 2:
        columns = ("title", "points", "version")
        tx.upsert("probe", some, update=tuple(rng.sample(columns, rng.randrange(1, 4))))
    else:
        teams = rng.sample(TEAMS, rng.randrange(1, 3))
        rows = {r[0]: r for t in teams for r in (row(rng, t, rng.randrange(8)) for _ in range(3))}
        tx.replace("probe", "team", teams, list(rows.values()))


def table(store: ViewStore, suffix: str) -> list[tuple[Any, ...]]:
    with store.transaction(suffix) as tx:
        return sorted(tx.fetchall("SELECT * FROM probe"), key=repr)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bulk_writes_leave_the_rows_the_statements_leave(store: ViewStore, seed: int) -> None:
    bulk = BulkWrites(store.shapes, ["probe"])
    one_by_one, collected = random.Random(seed), random.Random(seed)
    serial_one, serial_bulk = iter(range(10**6)), iter(range(10**6))
    flushes = random.Random(seed + 100)
    for _ in range(12):
        with store.transaction() as tx:
            for _ in range(10):
                random_writes(one_by_one, tx, serial_one)
        with store.transaction(BULK, bulk) as tx:
            for _ in range(10):
                random_writes(collected, tx, serial_bulk)
            if flushes.random() < 0.4:
                bulk.flush(tx)
    with store.transaction(BULK, bulk) as tx:
        bulk.flush(tx)

    assert table(store, BULK) == table(store, "")
    assert len(table(store, "")) > 10


def test_a_read_of_a_table_first_writes_its_pending_rows(store: ViewStore) -> None:
    bulk = BulkWrites(store.shapes, ["probe"])
    with store.transaction(BULK, bulk) as tx:
        tx.upsert("probe", [("Ana-1", "Ana", "SSO login", None, 1)])
        tx.upsert("probe", [("Ana-1", "Ana", "Guest checkout", 3.0, 2)], update=("version",))
        seen = tx.fetchall("SELECT probe_id, title, version FROM probe")
        tx.upsert("probe", [("Ana-1", "Ana", "Guest checkout", 5.0, 3)], update=("points",))
        bulk.flush(tx)

    assert seen == [("Ana-1", "SSO login", 2)]
    assert table(store, BULK) == [("Ana-1", "Ana", "SSO login", 5.0, 2)]
