"""One projections worker at a time on PostgreSQL: a session advisory lock."""

from __future__ import annotations

import contextlib
import time
import zlib
from typing import Any

from projections.engine.view_store import ViewStore

ATTEMPTS = 3
CHECK_EVERY = 2.0
"""Seconds between checks that the connection holding the lock still lives."""


class ViewLock:
    """Held on a dedicated connection while its holder works; others wait for it.
    SQLite needs none: its single writer and the tracking check keep views exact."""

    def __init__(self, store: ViewStore, name: str) -> None:
        self.store = store
        self.key = zlib.crc32(f"tandem:{store.schema}:{name}".encode())
        self.connection: Any = None
        self.checked = 0.0
        self.acquisitions = 0
        """How many times this holder took the lock anew (another may have worked between)."""

    @property
    def held(self) -> bool:
        return not self.store.postgres or self.connection is not None

    def acquire(self) -> bool:
        if not self.store.postgres:
            return True
        if self.connection is not None:
            # Checked now and then, not at every batch: a lost connection lost the lock,
            # and whoever took it since makes our next batch fail its tracking check.
            if time.monotonic() - self.checked < CHECK_EVERY:
                return True
            try:
                self.connection.execute("SELECT 1")
                self.checked = time.monotonic()
                return True
            except Exception:
                self.release()
        pool = self.store.datastore.pool
        for _ in range(ATTEMPTS):
            try:
                connection = pool.getconn()
            except Exception:
                return False
            try:
                row = connection.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
            except Exception:
                # A lost connection (the pool does not check them before handing them
                # out): so were its idle neighbours, most likely. Replace them, try again.
                pool.putconn(connection)
                self.store.check_connections()
                continue
            if row and next(iter(row.values())):
                self.connection = connection
                self.checked = time.monotonic()
                self.acquisitions += 1
                return True
            pool.putconn(connection)
            return False
        return False

    def release(self) -> None:
        if self.connection is None:
            return
        with contextlib.suppress(Exception):
            self.connection.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
        with contextlib.suppress(Exception):
            self.store.datastore.pool.putconn(self.connection)
        self.connection = None
