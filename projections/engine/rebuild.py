"""Rebuilds views from the whole log into a new generation of their tables (swap.py),
then swaps each in within one transaction, so the old view serves until the new one
is complete and caught up. Followers without tables (the snapshot taker) can go
along a rebuild's pass: they redo their work (take missing snapshots) and swap nothing.

The views' rows are held in memory and written in bulk (bulk_writes): a view is
flushed every `flush_every` events, each row it then holds written once, with the
views' tracking position in the same transaction."""

from __future__ import annotations

import traceback
import uuid
from collections.abc import Callable, Sequence

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.product_events import ProductCreated, ProductDecision
from projections.engine.bulk_writes import BulkWrites
from projections.engine.replicas import ProductReplicas
from projections.engine.runner import Fault
from projections.engine.swap import NEXT, index, objects, prepare, swap
from projections.engine.view import LogFollower, Touched, View
from projections.engine.view_store import Tx, ViewStore

__all__ = ["NEXT", "objects", "rebuild", "rebuild_all"]
FLUSH_EVERY = 50_000
"""Events between two flushes of a rebuild: bounds the rows held in memory."""
Progress = Callable[[int, int], None]


def rebuild(
    app: Application[uuid.UUID],
    store: ViewStore,
    view: LogFollower,
    *,
    batch_size: int = 2000,
    flush_every: int = FLUSH_EVERY,
    progress: Progress = lambda done, head: None,
) -> int:
    """Rebuilds `view` and swaps it in; returns the position it is at."""
    if not view.rebuildable:
        raise ValueError(f"{view.name} is never rebuilt")
    return rebuild_all(
        app, store, [view], batch_size=batch_size, flush_every=flush_every, progress=progress
    )


def rebuild_all(
    app: Application[uuid.UUID],
    store: ViewStore,
    views: Sequence[LogFollower],
    *,
    batch_size: int = 2000,
    flush_every: int = FLUSH_EVERY,
    progress: Progress = lambda done, head: None,
) -> int:
    """Rebuilds several views in one pass over the log and swaps each in as soon as
    it is caught up; returns the position they are at.

    Each page of the log is read and decoded once and each product event evolves
    one shared replica, which every view then records: rebuilding the three views
    one after another read, decoded and evolved everything three times. Followers
    without tables go along until the last view is swapped in."""
    views = [view for view in views if view.rebuildable]
    pending = [view for view in views if view.tables]
    for view in pending:
        prepare(store, view)
    rebuilding = Pass(app, store, views)
    position = 0
    while True:
        head = app.recorder.max_notification_id() or 0
        while True:
            notifications = app.recorder.select_notifications(start=position + 1, limit=batch_size)
            if not notifications:
                break
            rebuilding.apply(notifications)
            position = notifications[-1].id
            if position - rebuilding.flushed >= flush_every:
                rebuilding.flush(position)
            progress(position, head)
        rebuilding.flush(position)
        for view in pending:
            index(store, view)
        swapped = [view for view in pending if swap(store, view, position)]
        pending = [view for view in pending if view not in swapped]
        rebuilding.leave(swapped)
        for view in swapped:
            view.swapped_in()
        if not pending:
            break
    progress(position, position)
    return position


class Pass:
    """One pass of several followers over the log, in pages: each page handled in
    one transaction, the views' rows collected for the next flush.

    Views that observe a product event only by noting what it touched share one
    Touched, noted once per event (and record, if they do, each their own)."""

    def __init__(
        self, app: Application[uuid.UUID], store: ViewStore, views: Sequence[LogFollower]
    ) -> None:
        self.app = app
        self.store = store
        fresh = [name for v in views for kind, name, _ in objects(v) if kind == "TABLE"]
        self.bulk = BulkWrites(store.shapes, fresh)
        self.replicas = ProductReplicas(app)
        self.touched = Touched()
        self.flushed = 0
        """The position of the last flush: the views' tracked position."""
        self.follow(views)

    def leave(self, views: Sequence[LogFollower]) -> None:
        """The views swapped in go no further."""
        self.follow([view for view in self.views if view not in views])

    def follow(self, views: Sequence[LogFollower]) -> None:
        self.views = list(views)
        self.sharing = [v for v in self.views if isinstance(v, View) and v.observes_by_touched()]
        self.recording = [v for v in self.sharing if v.records()]
        self.observing = [v for v in self.views if v not in self.sharing]

    def apply(self, notifications: Sequence[Notification]) -> None:
        events = [self.app.mapper.to_domain_event(n) for n in notifications]
        views = self.views
        # One view evolves its own replicas, as it does when it follows the log.
        alone = views[0] if len(views) == 1 else None
        if alone is not None:
            alone.prepare(events)
        else:
            self.replicas.align(events)
        with self.store.transaction(NEXT, self.bulk) as tx:

            def stored(product_id: str) -> int | None:
                return views[0].stored_version(tx, product_id)

            for notification, event in zip(notifications, events, strict=True):
                try:
                    if alone is not None:
                        alone.handle(event, notification.id, tx)
                    elif isinstance(event, ProductCreated | ProductDecision):
                        self._observe(event, notification.id, tx, stored)
                    else:
                        for view in views:
                            view.handle(event, notification.id, tx)
                except Exception as error:
                    detail = "".join(traceback.format_exception_only(error)).strip()
                    raise Fault("+".join(v.name for v in views), notification.id, detail) from error
            for view in views:
                if not view.tables:
                    view.flush(tx)
        for view in views:
            view.after_commit()

    def _observe(
        self,
        event: ProductCreated | ProductDecision,
        position: int,
        tx: Tx,
        stored: Callable[[str], int | None],
    ) -> None:
        product = self.replicas.apply(event, stored)
        self.touched.add(event, product)
        for view in self.recording:
            view.record(event, product, position, tx)
        for follower in self.observing:
            follower.observe(event, product, position, tx)

    def flush(self, position: int) -> None:
        """Writes what the views hold, tracked at `position` (where the pass is)."""
        views = [view for view in self.views if view.tables]
        with self.store.transaction(NEXT, self.bulk) as tx:
            for view in views:
                if view in self.sharing:
                    assert isinstance(view, View)
                    view.touched.merge(self.touched)
                view.flush(tx)
            self.bulk.flush(tx)
            if position > self.flushed:
                for view in views:
                    tx.track(view.name, position)
        self.touched = Touched()
        self.flushed = position
        for view in views:
            view.after_commit()
