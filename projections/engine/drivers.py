"""Async access to the views: asyncpg on PostgreSQL; sqlite3 on worker threads for SQLite
(so a read never blocks the event loop). Both take '?' placeholders."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
import time
from collections.abc import Sequence
from typing import Any, Protocol

Row = tuple[Any, ...]
READ_ATTEMPTS = 3


class ViewsUnavailable(Exception):
    """The views' database could not be read now (a lost connection, a timeout);
    the same read may well succeed if tried again."""


_PLACEHOLDER = re.compile(r"\?")


def marks(values: Sequence[Any]) -> str:
    """The placeholders of an IN (...) list of `values`."""
    return ", ".join("?" * len(values))


class Driver(Protocol):
    queries: int

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    async def close(self) -> None: ...


class SqliteDriver:
    """One sqlite3 connection per worker thread, reads only."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.local = threading.local()
        self.connections: list[sqlite3.Connection] = []
        self.queries = 0

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self.local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.database, uri=True, check_same_thread=False, timeout=5
            )
            connection.execute("PRAGMA query_only = ON")
            self.local.connection = connection
            self.connections.append(connection)
        return connection

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[Row]:
        # An in-memory shared-cache database (the memory backend's views) locks whole
        # tables while a runner writes, and SQLITE_LOCKED ignores the busy timeout: retry.
        deadline = time.monotonic() + 5
        while True:
            try:
                return [tuple(r) for r in self._connection().execute(sql, tuple(params))]
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.002)

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.queries += 1
        return await asyncio.to_thread(self._fetch, sql, params)

    async def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.connections.clear()


class AsyncpgDriver:
    """An asyncpg pool on the views' schema."""

    def __init__(self, dsn: str, schema: str, *, min_size: int = 1, max_size: int = 10) -> None:
        self.dsn = dsn
        self.schema = schema
        self.min_size = min_size
        self.max_size = max_size
        self.pool: Any = None
        self.queries = 0
        self._sql: dict[str, str] = {}
        self._lock = asyncio.Lock()

    async def _pool(self) -> Any:
        if self.pool is None:
            async with self._lock:
                if self.pool is None:
                    import asyncpg

                    self.pool = await asyncpg.create_pool(
                        self.dsn,
                        min_size=self.min_size,
                        max_size=self.max_size,
                        server_settings={"search_path": self.schema},
                        command_timeout=30,
                    )
        return self.pool

    def _convert(self, sql: str) -> str:
        converted = self._sql.get(sql)
        if converted is None:
            counter = iter(range(1, 10_000))
            converted = _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)
            self._sql[sql] = converted
        return converted

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Runs a read; one that lost its connection (the server restarted or cut it)
        runs again on another, and then gives up with ViewsUnavailable."""
        import asyncpg

        self.queries += 1
        lost = (
            asyncpg.PostgresConnectionError,
            asyncpg.exceptions.OperatorInterventionError,
            asyncpg.InterfaceError,
            asyncpg.exceptions.InternalClientError,
            asyncpg.exceptions.InsufficientResourcesError,  # e.g. too many connections
            OSError,
        )
        for attempt in range(READ_ATTEMPTS):
            try:
                pool = await self._pool()
                records = await pool.fetch(self._convert(sql), *params)
            except lost as error:
                if attempt + 1 == READ_ATTEMPTS:
                    raise ViewsUnavailable(f"the views cannot be read: {error}") from error
                await asyncio.sleep(0.01 * (attempt + 1))
                continue
            except TimeoutError as error:
                raise ViewsUnavailable("the views did not answer in time") from error
            return [tuple(r) for r in records]
        raise AssertionError("unreachable")

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None
