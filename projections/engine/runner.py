"""Follows the notification log for one view, in batches, exactly once.

Each batch is applied and its last position tracked in one transaction; a crash
anywhere loses nothing and applies nothing twice. A handler that raises stops the
view at that event's position (a fault, reported, never skipped); a store that is
briefly unavailable is retried.
"""

from __future__ import annotations

import logging
import threading
import traceback
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, PersistenceError

from projections.engine.instants import instant
from projections.engine.view import LogFollower
from projections.engine.view_lock import ViewLock
from projections.engine.view_store import ViewStore

log = logging.getLogger("tandem.projections")
MIN_BACKOFF = 0.05
MAX_BACKOFF = 1.0
"""Seconds between attempts while the store is unavailable."""


class Fault(Exception):
    """A view stopped at an event it could not handle."""

    def __init__(self, view: str, position: int, error: str) -> None:
        super().__init__(f"view {view} stopped at position {position}: {error}")
        self.view = view
        self.position = position
        self.error = error


class Runner:
    """One log follower (a view, the snapshot taker) following the log on a background
    thread, or driven by hand."""

    def __init__(
        self,
        app: Application[uuid.UUID],
        store: ViewStore,
        view: LogFollower,
        *,
        batch_size: int = 500,
        poll_interval: float = 0.25,
        suffix: str = "",
        on_progress: Callable[[str, int], None] = lambda view, position: None,
        decode: Callable[[Sequence[Notification]], list[Any]] | None = None,
    ) -> None:
        self.app = app
        self.store = store
        self.view = view
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.on_progress = on_progress
        self.decode = decode
        self.suffix = suffix
        self.wakeup = threading.Event()
        self.stopping = threading.Event()
        self.fault: Fault | None = None
        # A fault an earlier run reported stays until a batch passes its position.
        self.clears_fault = not suffix
        self.position = store.position(view.name + suffix) or 0
        self.lock = ViewLock(store, view.name + suffix)
        self.acquisitions = 0
        self.backoff = MIN_BACKOFF
        self.thread: threading.Thread | None = None

    @property
    def name(self) -> str:
        return self.view.name

    def start(self) -> None:
        self.thread = threading.Thread(target=self._loop, name=f"view-{self.name}", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stops after the current transaction."""
        self.stopping.set()
        self.wakeup.set()
        if self.thread is not None:
            self.thread.join(timeout)
        self.lock.release()

    def _loop(self) -> None:
        while not self.stopping.is_set():
            if not self.lock.acquire():
                self.stopping.wait(1.0)
                continue
            try:
                if self.lock.acquisitions != self.acquisitions:
                    # Newly the view's worker: whoever held the lock before moved it on.
                    self.realign()
                    self.acquisitions = self.lock.acquisitions
                processed = self.run_once()
            except Fault:
                if self._stopped_until_moved_past():
                    continue
                return
            except Exception as error:
                # The store unavailable (or anything else unforeseen): never let the
                # thread die, which would leave the view behind with no fault reported.
                if isinstance(error, PersistenceError):
                    log.warning("view %s: store unavailable, retrying: %s", self.name, error)
                else:
                    log.exception("view %s: unexpected error, retrying", self.name)
                self.view.forget()
                self.lock.release()
                # The pool's other connections were likely lost too; then again at once,
                # backing off while the store stays unavailable.
                self.store.check_connections()
                self.stopping.wait(self.backoff)
                self.backoff = min(self.backoff * 2, MAX_BACKOFF)
                continue
            self.backoff = MIN_BACKOFF
            if processed < self.batch_size:
                self.wakeup.wait(self.poll_interval)
                self.wakeup.clear()

    def _stopped_until_moved_past(self) -> bool:
        """Stays stopped at the fault, never skipping it, until something moves the view
        past it: a rebuild by a fixed release (`tandem rebuild`). Then follows the view
        again from there. Meanwhile the view's lock is free, for a fixed worker to take.
        Returns False when told to stop."""
        fault = self.fault
        assert fault is not None
        self.lock.release()
        while not self.stopping.wait(1.0):
            try:
                position = self.store.position(self.name + self.suffix) or 0
            except PersistenceError:
                continue
            if position >= fault.position:
                log.warning(
                    "view %s was moved past its fault at position %s (to %s); following it again",
                    self.name,
                    fault.position,
                    position,
                )
                self.fault = None
                self.acquisitions = -1  # the loop realigns from the tracked position
                return True
        return False

    def run_once(self) -> int:
        """Applies the next batch; returns how many notifications it read."""
        if self.fault is not None:
            raise self.fault
        notifications = self.app.recorder.select_notifications(
            start=self.position + 1, limit=self.batch_size
        )
        if not notifications:
            return 0
        try:
            self._apply(notifications)
        except IntegrityError:
            # Another runner (or a rebuild) moved this view on: realign.
            self.realign()
            return 0
        except PersistenceError:
            self.view.forget()
            raise
        except Exception:
            self.view.forget()
            self._isolate(notifications)
        return len(notifications)

    def realign(self) -> None:
        """Resumes from the tracked position, with state reloaded from the store."""
        self.view.forget()
        self.position = self.store.position(self.name + self.suffix) or 0

    def catch_up(self) -> int:
        """Processes until the head of the log; returns the final position."""
        while self.run_once() > 0:
            pass
        return self.position

    def _apply(self, notifications: Sequence[Notification]) -> None:
        events = (
            self.decode(notifications)
            if self.decode is not None
            else [self.app.mapper.to_domain_event(n) for n in notifications]
        )
        self.view.notice_stored(notifications)
        self.view.prepare(events)
        with self.store.transaction(self.suffix) as tx:
            for notification, event in zip(notifications, events, strict=True):
                self.view.handle(event, notification.id, tx)
            self.view.flush(tx)
            tx.track(self.name, notifications[-1].id)
            if self.clears_fault:
                tx.execute(
                    "DELETE FROM projection_faults WHERE view = ? AND position <= ?",
                    (self.name, notifications[-1].id),
                )
            if self.store.postgres and not self.suffix:
                tx.execute("SELECT pg_notify('tandem_views', ?)", (self.name,))
        self.position = notifications[-1].id
        self.clears_fault = False
        self.view.after_commit()
        self.on_progress(self.name, self.position)

    def _isolate(self, notifications: Sequence[Notification]) -> None:
        """Re-applies one at a time to find, and stop at, the event that fails."""
        for notification in notifications:
            try:
                self._apply([notification])
            except Exception as error:
                self.view.forget()
                detail = "".join(traceback.format_exception_only(error)).strip()
                self.fault = Fault(self.name, notification.id, detail)
                log.error(
                    "view %s stopped at position %s: %s\n%s",
                    self.name,
                    notification.id,
                    detail,
                    traceback.format_exc(),
                )
                self._report(self.fault)
                raise self.fault from error

    def _report(self, fault: Fault) -> None:
        try:
            with self.store.transaction() as tx:
                tx.execute("DELETE FROM projection_faults WHERE view = ?", (fault.view,))
                tx.execute(
                    "INSERT INTO projection_faults VALUES (?, ?, ?, ?)",
                    (fault.view, fault.position, fault.error[:2000], instant(datetime.now(UTC))),
                )
        except PersistenceError:
            log.exception("could not record the fault of view %s", fault.view)
