"""A view transaction commits its rows and its tracking position together or not at
all: a position that does not move on fails the whole transaction, and a failing
statement surfaces, with nothing written."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from eventsourcing.persistence import IntegrityError

from api.composition import Container
from projections.engine.view_store import ViewStore

PIPELINED = pytest.mark.parametrize("pipelined", [False, True], ids=["each", "pipelined"])
"""Each statement awaited, or pipelined with the positions tracked at the end
(PostgreSQL; the same transaction elsewhere)."""
PROBE = "CREATE TABLE IF NOT EXISTS tracked_probe (probe_id TEXT PRIMARY KEY, note TEXT NOT NULL)"


@pytest.fixture
def store(tandem: Container) -> Iterator[ViewStore]:
    opened = ViewStore(tandem.app, [PROBE])
    try:
        yield opened
    finally:
        opened.close()


def rows(store: ViewStore) -> list[tuple[str, str]]:
    with store.read() as tx:
        return [tuple(r) for r in tx.fetchall("SELECT * FROM tracked_probe ORDER BY probe_id")]


@PIPELINED
def test_rows_and_position_commit_together(store: ViewStore, pipelined: bool) -> None:
    with store.transaction(pipelined=pipelined) as tx:
        tx.executemany("INSERT INTO tracked_probe VALUES (?, ?)", [("a", "one"), ("b", "two")])
        tx.track("probe-view", 5)
        tx.track("other-view", 3)
    assert rows(store) == [("a", "one"), ("b", "two")]
    assert store.position("probe-view") == 5
    assert store.position("other-view") == 3


@PIPELINED
def test_a_position_that_does_not_move_on_writes_nothing(store: ViewStore, pipelined: bool) -> None:
    with store.transaction() as tx:
        tx.track("probe-view", 5)
    with pytest.raises(IntegrityError), store.transaction(pipelined=pipelined) as tx:
        tx.executemany("INSERT INTO tracked_probe VALUES (?, ?)", [("a", "late")])
        tx.track("other-view", 9)
        tx.track("probe-view", 5)  # already there: a second worker got here first
    assert rows(store) == []
    assert store.position("probe-view") == 5
    assert store.position("other-view") is None


@PIPELINED
def test_a_failing_statement_writes_nothing(store: ViewStore, pipelined: bool) -> None:
    with store.transaction() as tx:
        tx.execute("INSERT INTO tracked_probe VALUES (?, ?)", ("a", "first"))
    with pytest.raises(IntegrityError), store.transaction(pipelined=pipelined) as tx:
        tx.executemany("INSERT INTO tracked_probe VALUES (?, ?)", [("b", "new"), ("a", "taken")])
        tx.track("probe-view", 7)
    assert rows(store) == [("a", "first")]
    assert store.position("probe-view") is None


def test_a_failed_pipeline_leaves_every_connection_usable(store: ViewStore) -> None:
    """psycopg prepares a statement from its sixth run; a pipeline aborted by a failing
    statement must not leave a connection whose cache names statements PostgreSQL lost
    (the next transaction on it would fail). Each round fails once among prepared
    statements, and the rounds after it, pipelined or not, still write."""
    upsert = "INSERT INTO tracked_probe VALUES (?, ?) ON CONFLICT (probe_id) DO UPDATE SET note = ?"
    position = 0
    for round_ in range(4):
        for n in range(8):
            position += 1
            with store.transaction(pipelined=n % 2 == 0) as tx:
                tx.executemany(upsert, [(f"k{n}", f"r{round_}", f"r{round_}")])
                tx.execute("DELETE FROM tracked_probe WHERE probe_id = ?", ("gone",))
                tx.track("probe-view", position)
        with pytest.raises(IntegrityError), store.transaction(pipelined=True) as tx:
            tx.executemany(upsert, [("k0", "lost", "lost")])
            tx.execute("INSERT INTO tracked_probe VALUES (?, ?)", ("k1", "taken"))
            tx.execute("DELETE FROM tracked_probe WHERE probe_id = ?", ("gone",))
            tx.track("probe-view", position + 1)
    assert dict(rows(store)) == {f"k{n}": "r3" for n in range(8)}
    assert store.position("probe-view") == position
