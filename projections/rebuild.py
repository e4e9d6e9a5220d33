"""Rebuilds a view from the whole log into a new generation of its tables, then
swaps it in within one transaction, so the old view serves until the new one is
complete and caught up."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from eventsourcing.application import Application

from projections import schema
from projections.runner import Runner
from projections.store import Tx, ViewStore, tracking_name, with_suffix
from projections.views import View

NEXT = "__next"
_CREATE = re.compile(r"CREATE (TABLE|INDEX) IF NOT EXISTS (\w+)")


def objects(view: str) -> list[tuple[str, str, str]]:
    """(kind, name, statement) of each table and index of a view."""
    found = []
    for statement in schema.BY_VIEW[view]:
        match = _CREATE.search(statement)
        assert match is not None
        found.append((match.group(1), match.group(2), statement))
    return found


def rebuild(
    app: Application[uuid.UUID],
    store: ViewStore,
    view: View,
    *,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] = lambda done, head: None,
) -> int:
    """Rebuilds `view` and swaps it in; returns the position it is at."""
    prepare(store, view.name)
    runner = Runner(app, store, view, batch_size=batch_size, suffix=NEXT)
    while True:
        head = app.recorder.max_notification_id() or 0
        while runner.run_once() > 0:
            progress(runner.position, head)
        if runner.fault is not None:
            raise runner.fault
        if swap(store, view.name, runner.position):
            progress(runner.position, runner.position)
            return runner.position


def prepare(store: ViewStore, view: str) -> None:
    with store.transaction() as tx:
        for kind, name, _ in objects(view):
            if kind == "TABLE":
                tx.execute(f"DROP TABLE IF EXISTS {name}{NEXT}")
        tx.execute(
            f"DELETE FROM {store.tracking_table} WHERE application_name = ?",
            (tracking_name(view + NEXT),),
        )
        for _, _, statement in objects(view):
            tx.execute(with_suffix(statement, NEXT))


def swap(store: ViewStore, view: str, position: int) -> bool:
    """Replaces the live tables with the rebuilt ones, unless the live view has
    moved past the rebuild (then the caller catches up and tries again)."""
    with store.transaction() as tx:
        live = _live_position(tx, store, view)
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
            (tracking_name(view), tracking_name(view + NEXT)),
        )
        tx.execute(
            f"INSERT INTO {store.tracking_table} VALUES (?, ?)", (tracking_name(view), position)
        )
        tx.execute("DELETE FROM projection_faults WHERE view = ?", (view,))
    return True


def _live_position(tx: Tx, store: ViewStore, view: str) -> int:
    lock = " FOR UPDATE" if store.postgres else ""
    rows = tx.fetchall(
        f"SELECT notification_id FROM {store.tracking_table} WHERE application_name = ?{lock}",
        (tracking_name(view),),
    )
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0
