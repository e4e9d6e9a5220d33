"""A rebuild's generation of a view's tables (`__next`): created without indexes,
indexed once loaded, then swapped in for the live tables within one transaction,
with the view's tracking position."""

from __future__ import annotations

import re

from eventsourcing.persistence import OperationalError

from projections.engine.view import LogFollower
from projections.engine.view_store import Tx, ViewStore, tracking_name

NEXT = "__next"
_CREATE = re.compile(r"CREATE (TABLE|INDEX) IF NOT EXISTS (\w+)")


def objects(view: LogFollower | type[LogFollower]) -> list[tuple[str, str, str]]:
    """(kind, name, statement) of each table and index of a view."""
    found = []
    for statement in view.tables:
        match = _CREATE.search(statement)
        assert match is not None
        found.append((match.group(1), match.group(2), statement))
    return found


def prepare(store: ViewStore, view: LogFollower) -> None:
    """Empty tables for the rebuild, without their indexes: rows load faster into a
    table with none, and an index built once over all its rows is smaller."""
    with store.transaction() as tx:
        for kind, name, _ in objects(view):
            if kind == "TABLE":
                tx.execute(f"DROP TABLE IF EXISTS {name}{NEXT}")
        tx.execute(
            f"DELETE FROM {store.tracking_table} WHERE application_name = ?",
            (tracking_name(view.name + NEXT),),
        )
        for kind, _, statement in objects(view):
            if kind == "TABLE":
                tx.execute(store.with_suffix(statement, NEXT))


def index(store: ViewStore, view: LogFollower) -> None:
    """Indexes the loaded tables (PostgreSQL; SQLite, which cannot rename an index,
    builds them under their live names in the swap). Autovacuum gathers the new
    tables' statistics as it did when rows came one batch at a time: ANALYZE here
    cost seconds of every rebuild."""
    if not store.postgres:
        return
    with store.transaction() as tx:
        for kind, _, statement in objects(view):
            if kind == "INDEX":
                tx.execute(store.with_suffix(statement, NEXT))


def swap(store: ViewStore, view: LogFollower, position: int) -> bool:
    """Replaces the live tables with the rebuilt ones, unless the live view has
    moved past the rebuild (then the caller catches up and tries again)."""
    try:
        return _swap(store, view, position)
    except OperationalError as error:
        # On PostgreSQL a live runner holds the view's tables and then wants its
        # tracking row, while the swap holds that row and wants the tables: one of
        # the two is chosen as the deadlock victim. A swap that loses tries again.
        if "deadlock detected" in str(error):
            return False
        raise


def _swap(store: ViewStore, view: LogFollower, position: int) -> bool:
    view_name = view.name
    with store.transaction() as tx:
        live = _live_position(tx, store, view_name)
        if live > position:
            return False
        for kind, name, _ in objects(view):
            if kind == "TABLE":
                tx.execute(f"DROP TABLE IF EXISTS {name}")
                tx.execute(f"ALTER TABLE {name}{NEXT} RENAME TO {name}")
        for kind, name, statement in objects(view):
            if kind == "INDEX":
                if store.postgres:
                    tx.execute(f"ALTER INDEX {name}{NEXT} RENAME TO {name}")
                else:
                    tx.execute(f"DROP INDEX IF EXISTS {name}{NEXT}")
                    tx.execute(statement)
        tx.execute(
            f"DELETE FROM {store.tracking_table} WHERE application_name IN (?, ?)",
            (tracking_name(view_name), tracking_name(view_name + NEXT)),
        )
        tx.execute(
            f"INSERT INTO {store.tracking_table} VALUES (?, ?)",
            (tracking_name(view_name), position),
        )
        tx.execute("DELETE FROM projection_faults WHERE view = ?", (view_name,))
    return True


def _live_position(tx: Tx, store: ViewStore, view: str) -> int:
    lock = " FOR UPDATE" if store.postgres else ""
    rows = tx.fetchall(
        f"SELECT notification_id FROM {store.tracking_table} WHERE application_name = ?{lock}",
        (tracking_name(view),),
    )
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0
