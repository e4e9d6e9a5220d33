"""Rebuilds a view from the whole log into a new generation of its tables, then
swaps it in within one transaction, so the old view serves until the new one is
complete and caught up. Followers without tables (the snapshot taker) can go along
a rebuild's pass: they redo their work (take missing snapshots) and swap nothing."""

from __future__ import annotations

import re
import traceback
import uuid
from collections.abc import Callable, Sequence

from eventsourcing.application import Application
from eventsourcing.persistence import Notification, OperationalError

from domain.product_events import ProductCreated, ProductDecision
from projections.engine.replicas import ProductReplicas
from projections.engine.runner import Fault, Runner
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


def rebuild(
    app: Application[uuid.UUID],
    store: ViewStore,
    view: LogFollower,
    *,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] = lambda done, head: None,
) -> int:
    """Rebuilds `view` and swaps it in; returns the position it is at."""
    if not view.rebuildable:
        raise ValueError(f"{view.name} is never rebuilt")
    prepare(store, view)
    runner = Runner(app, store, view, batch_size=batch_size, suffix=NEXT)
    while True:
        head = app.recorder.max_notification_id() or 0
        while runner.run_once() > 0:
            progress(runner.position, head)
        if runner.fault is not None:
            raise runner.fault
        if swap(store, view, runner.position):
            progress(runner.position, runner.position)
            return runner.position


def rebuild_all(
    app: Application[uuid.UUID],
    store: ViewStore,
    views: Sequence[LogFollower],
    *,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] = lambda done, head: None,
) -> int:
    """Rebuilds several views in one pass over the log and swaps each in as soon as
    it is caught up; returns the position they are at.

    Each page of the log is read and decoded once and each product event evolves
    one shared replica, which every view then records: rebuilding the three views
    one after another read, decoded and evolved everything three times. Followers
    without tables go along until the last view is swapped in."""
    views = [view for view in views if view.rebuildable]
    pending = [view for view in views if view.tables]
    along = [view for view in views if not view.tables]
    for view in pending:
        prepare(store, view)
    replicas = ProductReplicas(app)
    position = 0
    while True:
        head = app.recorder.max_notification_id() or 0
        while True:
            notifications = app.recorder.select_notifications(start=position + 1, limit=batch_size)
            if not notifications:
                break
            _apply_all(app, store, [*pending, *along], replicas, notifications)
            position = notifications[-1].id
            progress(position, head)
        pending = [view for view in pending if not swap(store, view, position)]
        if not pending:
            break
    progress(position, position)
    return position


def _apply_all(
    app: Application[uuid.UUID],
    store: ViewStore,
    views: Sequence[LogFollower],
    replicas: ProductReplicas,
    notifications: Sequence[Notification],
) -> None:
    events = [app.mapper.to_domain_event(n) for n in notifications]
    replicas.align(events)
    with store.transaction(NEXT) as tx:
        for notification, event in zip(notifications, events, strict=True):
            try:
                if isinstance(event, ProductCreated | ProductDecision):
                    product = replicas.apply(event, lambda pid: views[0].stored_version(tx, pid))
                    for view in views:
                        view.observe(event, product, notification.id, tx)
                else:
                    for view in views:
                        view.handle(event, notification.id, tx)
            except Exception as error:
                detail = "".join(traceback.format_exception_only(error)).strip()
                raise Fault("+".join(v.name for v in views), notification.id, detail) from error
        for view in views:
            view.flush(tx)
            if view.tables:
                tx.track(view.name, notifications[-1].id)
    for view in views:
        view.after_commit()


def prepare(store: ViewStore, view: LogFollower) -> None:
    with store.transaction() as tx:
        for kind, name, _ in objects(view):
            if kind == "TABLE":
                tx.execute(f"DROP TABLE IF EXISTS {name}{NEXT}")
        tx.execute(
            f"DELETE FROM {store.tracking_table} WHERE application_name = ?",
            (tracking_name(view.name + NEXT),),
        )
        for _, _, statement in objects(view):
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
