"""Which of `tandem serve --workers N`'s processes runs the projections: the one holding
this lock. The others serve from the views and wait on their positions; one of them
takes the lock over, and starts the projections, when its holder dies.

On SQLite it is an exclusive flock on a file beside the database; on PostgreSQL a session
advisory lock (each view's runner still takes its own lock, so a second projecting
process, e.g. a `tandem project` worker, never applies an event twice). The operating
system or the server releases either when the holding process dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import psycopg

from domain.persistence.store_url import StoreUrl

log = logging.getLogger("tandem.startup")
RETRY_SECONDS = 1.0


class ProjectorLock:
    """Held by at most one process per database (per PostgreSQL schema)."""

    def __init__(self, store: StoreUrl) -> None:
        self.store = store
        self.held = False
        self._fd: int | None = None
        self._connection: Any = None
        self._stopped = threading.Event()

    def try_acquire(self) -> bool:
        """Takes the lock if it is free; never waits."""
        self.held = self._take(wait=False)
        return self.held

    def take_over_later(self, then: Callable[[], None]) -> None:
        """Waits for the lock on a daemon thread; once held, calls `then` (not after stop)."""

        def wait() -> None:
            while not self._stopped.is_set():
                try:
                    if self._take(wait=True):
                        break
                except Exception as error:  # PostgreSQL unreachable for now: try again
                    log.warning("waiting for the projections' lock failed: %s", error)
                    self._drop_connection()
                self._stopped.wait(RETRY_SECONDS)
            if self._stopped.is_set():
                self.release()
                return
            self.held = True
            log.warning("this process (pid %s) runs the projections now", os.getpid())
            then()

        threading.Thread(target=wait, name="projector-lock", daemon=True).start()

    def stop(self) -> None:
        """Gives the lock up (at shutdown). A thread still waiting keeps its file or
        connection (closing it under a blocked call is not safe) and gives up the lock
        if it ever gets it; the process is ending anyway."""
        self._stopped.set()
        if self.held:
            self.release()

    def release(self) -> None:
        self.held = False
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops its flock
            self._fd = None
        self._drop_connection()

    def _take(self, *, wait: bool) -> bool:
        if self.store.backend == "postgres":
            return self._take_advisory(wait=wait)
        if self._fd is None:
            path = self.store.sqlite_path + ".projector.lock"
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True

    def _take_advisory(self, *, wait: bool) -> bool:
        if self._connection is None:
            self._connection = psycopg.connect(self.store.dsn(), autocommit=True)
        key = f"tandem-projector:{self.store.schema or 'public'}"
        if wait:
            self._connection.execute("SELECT pg_advisory_lock(hashtext(%s))", (key,))
            return True
        row = self._connection.execute("SELECT pg_try_advisory_lock(hashtext(%s))", (key,))
        taken = bool(row.fetchone()[0])
        if not taken:
            self._drop_connection()  # a waiting thread opens its own later
        return taken

    def _drop_connection(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
