"""Follows the notification log for one follower, in batches, exactly once.

Each batch is applied and its last position tracked in one transaction; a crash
anywhere loses nothing and applies nothing twice. A handler that raises stops the
view at that event's position (a fault, reported, never skipped); a store that is
briefly unavailable is retried (by the conductor, conductor.py).
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, PersistenceError

from projections.engine.instants import instant
from projections.engine.view import LogFollower
from projections.engine.view_store import Tx, ViewStore

log = logging.getLogger("tandem.projections")


class Fault(Exception):
    """A view stopped at an event it could not handle."""

    def __init__(self, view: str, position: int, error: str) -> None:
        super().__init__(f"view {view} stopped at position {position}: {error}")
        self.view = view
        self.position = position
        self.error = error


@dataclass(eq=False)
class Runner:
    """One log follower (a view, the snapshot taker): its position, its batches and its
    fault. The conductor drives it on the process's projections thread; tests, the CLI
    and rebuilds drive it by hand."""

    app: Application[uuid.UUID]
    store: ViewStore
    view: LogFollower
    _: KW_ONLY
    batch_size: int = 500
    suffix: str = ""
    on_progress: Callable[[str, int], None] = lambda view, position: None
    decode: Callable[[Sequence[Notification]], list[Any]] | None = None
    fault: Fault | None = field(default=None, init=False)
    clears_fault: bool = field(init=False)
    """A fault an earlier run reported stays until a batch passes its position."""
    stale: bool = field(default=False, init=False)
    """The position and state must be reloaded from the store before the next batch."""
    position: int = field(init=False)

    def __post_init__(self) -> None:
        self.clears_fault = not self.suffix
        self.position = self.store.position(self.view.name + self.suffix) or 0

    @property
    def name(self) -> str:
        return self.view.name

    def moved_past_fault(self) -> bool:
        """A stopped follower stays at its fault, never skipping it, until something
        moves it past: a rebuild by a fixed release (`tandem rebuild`). Then it follows
        again from there."""
        fault = self.fault
        assert fault is not None
        position = self.store.position(self.name + self.suffix) or 0
        if position < fault.position:
            return False
        log.warning(
            "view %s was moved past its fault at position %s (to %s); following it again",
            self.name,
            fault.position,
            position,
        )
        self.fault = None
        self.stale = True
        return True

    def run_once(self) -> int:
        """Reads and applies the next batch; returns how many notifications it read."""
        if self.fault is not None:
            raise self.fault
        if self.stale:
            self.realign()
        notifications = self.app.recorder.select_notifications(
            start=self.position + 1, limit=self.batch_size
        )
        self.apply_batch(notifications)
        return len(notifications)

    def apply_batch(self, notifications: Sequence[Notification]) -> None:
        """Applies a batch read from this follower's position (raises Fault at an event
        it cannot handle, PersistenceError while the store is unavailable)."""
        if not notifications:
            return
        try:
            self._apply(notifications)
        except IntegrityError:
            # Another worker (or a rebuild) moved this follower on: realign.
            self.realign()
        except PersistenceError:
            self.view.forget()
            self.stale = True
            raise
        except Exception:
            self.view.forget()
            self._isolate(notifications)

    def realign(self) -> None:
        """Resumes from the tracked position, with state reloaded from the store."""
        self.view.forget()
        self.stale = True
        self.position = self.store.position(self.name + self.suffix) or 0
        self.stale = False

    def catch_up(self) -> int:
        """Processes until the head of the log; returns the final position."""
        while self.run_once() > 0:
            pass
        return self.position

    def _apply(self, notifications: Sequence[Notification]) -> None:
        events = self.prepare(notifications)
        with self.store.transaction(self.suffix) as tx:
            self.write(tx, notifications, events)
        self.committed(notifications)

    def prepare(self, notifications: Sequence[Notification]) -> list[Any]:
        """The batch's events, and what they need read from the event store, before
        the batch's transaction opens."""
        events = (
            self.decode(notifications)
            if self.decode is not None
            else [self.app.mapper.to_domain_event(n) for n in notifications]
        )
        self.view.notice_stored(notifications)
        self.view.prepare(events)
        return events

    def write(
        self,
        tx: Tx,
        notifications: Sequence[Notification],
        events: list[Any],
        *,
        announce: bool = True,
    ) -> None:
        """The batch's rows and tracking position, in `tx`; with `announce`, a NOTIFY
        tandem_views at its commit (PostgreSQL)."""
        for notification, event in zip(notifications, events, strict=True):
            self.view.handle(event, notification.id, tx)
        self.view.flush(tx)
        tx.track(self.name, notifications[-1].id)
        if self.clears_fault:
            tx.execute(
                "DELETE FROM projection_faults WHERE view = ? AND position <= ?",
                (self.name, notifications[-1].id),
            )
        if self.store.postgres and not self.suffix and announce:
            tx.execute("SELECT pg_notify('tandem_views', ?)", (self.name,))

    def committed(self, notifications: Sequence[Notification]) -> None:
        """After the commit of the batch's transaction."""
        self.position = notifications[-1].id
        self.clears_fault = False
        self.view.after_commit()
        self.on_progress(self.name, self.position)

    def isolate(self, notifications: Sequence[Notification]) -> None:
        """After a batch failed in a handler: finds, and stops at, the failing event."""
        self.view.forget()
        self._isolate(notifications)

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
