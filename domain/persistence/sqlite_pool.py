"""The SQLite connection pool, with writers queueing where they do not hold up reads.

The library's pool lets one thread at a time into get_connection (a fairness
semaphore), and a writer keeps that turn while it waits for the writer connection. So
when another process held the file's write lock, the thread writing waited for it,
the next writer waited for that thread's connection, and every read in the process
(a token check, loading an aggregate) waited behind both, failing after the pool's
timeout: a request refused as unavailable before it had decided anything. SQLite in
WAL mode serves reads beside a write; here, writers take turns before they enter the
pool, so the one inside never waits there and reads pass while the rest queue."""

from __future__ import annotations

import threading
import time
from typing import Any

from eventsourcing.persistence import ConnectionUnavailableError
from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteDatastore

SETTINGS: tuple[str, ...] = ("db_name", "lock_timeout", "pool_size", "max_overflow", "pool_timeout")
SETTINGS += ("max_age", "pre_ping")
"""The library pool's constructor arguments, kept as attributes of the same names."""


class WritersQueueFirst(SQLiteConnectionPool):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._writers_turn = threading.Lock()

    def get_connection(
        self, timeout: float | None = None, *, is_writer: bool | None = None
    ) -> SQLiteConnection:
        if is_writer is not True:
            return super().get_connection(timeout, is_writer=is_writer)
        timeout = self.pool_timeout if timeout is None else timeout
        started = time.monotonic()
        if not self._writers_turn.acquire(timeout=timeout):
            raise ConnectionUnavailableError("Timed out waiting for return of writer")
        try:
            remaining = max(0.0, timeout - (time.monotonic() - started))
            return super().get_connection(remaining, is_writer=True)
        except BaseException:
            self._writers_turn.release()
            raise

    def put_connection(self, conn: SQLiteConnection) -> None:
        was_writer = conn.is_writer is True
        try:
            super().put_connection(conn)
        finally:
            if was_writer:
                self._writers_turn.release()


def readers_beside_writers(datastore: object) -> None:
    """Gives a file-backed SQLite datastore the pool above (before it is used)."""
    if not isinstance(datastore, SQLiteDatastore):
        return
    pool = datastore.pool
    if pool.is_sqlite_memory_mode or isinstance(pool, WritersQueueFirst):
        return
    datastore.pool = WritersQueueFirst(**{name: getattr(pool, name) for name in SETTINGS})
    pool.close()
