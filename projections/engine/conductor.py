"""One thread per process drives every log follower: the projections worker.

On PostgreSQL one advisory lock makes one process at a time the worker, for the whole
set; in any other process the views are only read. Each step reads a batch of the log
once for every follower at the same position (usually all of them) and hands it to
each; a follower behind catches up with reads of its own. Each follower still applies
its batch and tracks its position in its own transaction, so a fault stops only that
follower, at that event. Idle, the thread sleeps until a save wakes it (in this
process, or NOTIFY from another: wakeups.py), with a slow look at the log for safety.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence

from eventsourcing.application import Application
from eventsourcing.persistence import Notification, PersistenceError

from projections.engine.runner import Runner
from projections.engine.together import TOGETHER, alone, apply_together
from projections.engine.view import View
from projections.engine.view_lock import ViewLock
from projections.engine.view_store import ViewStore
from projections.engine.wakeups import FileChanges

log = logging.getLogger("tandem.projections")
MIN_BACKOFF = 0.05
MAX_BACKOFF = 1.0
"""Seconds between attempts while the store is unavailable."""
LOCK_RETRY = 2.0
"""Seconds between tries for the lock while another process is the worker."""
FAULT_CHECK = 1.0
"""Seconds between looks at whether a stopped follower was moved past its fault."""
FILE_CHECK = 0.1
"""Seconds between looks at the SQLite file's data_version while idle (no transaction)."""


class Conductor:
    """Drives `runners` on one thread while this process holds the projections lock."""

    def __init__(
        self,
        app: Application[uuid.UUID],
        store: ViewStore,
        runners: Sequence[Runner],
        *,
        batch_size: int,
        poll_interval: float,
        on_views: Callable[[], None],
    ) -> None:
        self.app = app
        self.store = store
        self.runners = list(runners)
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.on_views = on_views
        self.lock = ViewLock(store, "projections")
        self.wakeup = threading.Event()
        self.stopping = threading.Event()
        self.holding = False
        """This process is the projections worker now (what runs beside follows it)."""
        self.acquisitions = 0
        self.backoff = MIN_BACKOFF
        self.faults_checked = 0.0
        self.thread: threading.Thread | None = None
        self.changes: FileChanges | None = None

    def start(self) -> None:
        if not self.store.postgres and not self.store.owns_datastore:
            self.changes = FileChanges(self.store.sqlite_name)
        self.stopping.clear()
        self.thread = threading.Thread(target=self._loop, name="projections", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stops after the current transaction."""
        self.stopping.set()
        self.wakeup.set()
        if self.thread is not None:
            self.thread.join(timeout)
        self.holding = False
        self.lock.release()
        if self.changes is not None:
            self.changes.close()

    def _loop(self) -> None:
        while not self.stopping.is_set():
            if not self.lock.acquire():
                self.holding = False
                self.stopping.wait(LOCK_RETRY)
                continue
            self.holding = True
            if self.lock.acquisitions != self.acquisitions:
                # Newly the worker: whoever held the lock before moved the followers on.
                for runner in self.runners:
                    runner.stale = True
                self.acquisitions = self.lock.acquisitions
            try:
                busy = self.step()
            except Exception as error:
                self._unavailable(error)
                continue
            self.backoff = MIN_BACKOFF
            if not busy:
                self._idle()

    def step(self) -> bool:
        """One batch for every follower that can go on, the views first; True when
        there may be more to do at once. Raises the first error of the store."""
        ready, failed, moved = self._ready()
        batches: dict[int, Sequence[Notification]] = {}
        views = [r for r in ready if isinstance(r.view, View)]
        others = [r for r in ready if not isinstance(r.view, View)]
        for phase in (views, others):
            small: list[tuple[Runner, Sequence[Notification]]] = []
            large: list[tuple[Runner, Sequence[Notification]]] = []
            for runner in phase:
                try:
                    batch = self._batch(batches, runner.position)
                except Exception as error:
                    failed = failed or error
                    continue
                if batch:
                    (small if len(batch) <= TOGETHER else large).append((runner, batch))
            if small:
                try:
                    moved = apply_together(self.store, small) or moved
                except Exception as error:
                    failed = failed or error
            try:
                moved = alone(large) or moved  # a follower that stops leaves the others going
            except Exception as error:
                failed = failed or error
            if phase is views and (small or large):
                self.on_views()
        if failed is not None:
            raise failed
        return moved or any(len(batch) >= self.batch_size for batch in batches.values())

    def _batch(
        self, batches: dict[int, Sequence[Notification]], position: int
    ) -> Sequence[Notification]:
        """The batch after `position`, read once for every follower there."""
        batch = batches.get(position)
        if batch is None:
            batch = self.app.recorder.select_notifications(
                start=position + 1, limit=self.batch_size
            )
            batches[position] = batch
        return batch

    def _ready(self) -> tuple[list[Runner], Exception | None, bool]:
        """The followers that can go on (realigned where needed), the first error met,
        and whether one stopped at a fault was moved past it."""
        now = time.monotonic()
        check_faults = now - self.faults_checked >= FAULT_CHECK
        if check_faults:
            self.faults_checked = now
        ready: list[Runner] = []
        failed: Exception | None = None
        moved = False
        for runner in self.runners:
            try:
                if runner.fault is not None:
                    if not (check_faults and runner.moved_past_fault()):
                        continue
                    moved = True
                if runner.stale:
                    runner.realign()
            except Exception as error:
                failed = failed or error
                continue
            ready.append(runner)
        return ready, failed, moved

    def _unavailable(self, error: Exception) -> None:
        """The store unavailable (or anything else unforeseen): the thread never dies,
        which would leave the views behind with no fault reported. The pool's other
        connections were likely lost too: replace them, then try again at once, backing
        off while the store stays unavailable."""
        if isinstance(error, PersistenceError):
            log.warning("projections: store unavailable, retrying: %s", error)
        else:
            log.error("projections: unexpected error, retrying", exc_info=error)
        for runner in self.runners:
            runner.view.forget()
            runner.stale = True
        self.holding = False
        self.lock.release()
        self.store.check_connections()
        self.stopping.wait(self.backoff)
        self.backoff = min(self.backoff * 2, MAX_BACKOFF)

    def _idle(self) -> None:
        """Sleeps until woken, a commit by another process shows in the SQLite file,
        or the fallback look is due (sooner while a follower is stopped at a fault)."""
        faulted = any(runner.fault is not None for runner in self.runners)
        deadline = time.monotonic() + (FAULT_CHECK if faulted else self.poll_interval)
        while not self.stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            if self.wakeup.wait(min(remaining, FILE_CHECK) if self.changes else remaining):
                break
            if self.changes is not None and self.changes.changed():
                break
        self.wakeup.clear()
