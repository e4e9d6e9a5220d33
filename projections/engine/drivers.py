"""Async access to the views: asyncpg on PostgreSQL; sqlite3 on worker threads for SQLite
(so a read never blocks the event loop). Both take '?' placeholders. Inside
`snapshot()` (a GraphQL query), reads share one connection and one transaction
(projections.engine.read_session)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
import threading
import time
from collections.abc import Coroutine, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from projections.engine.read_session import AsyncpgSession, SqliteSession, current, opened

Row = tuple[Any, ...]
READ_ATTEMPTS = 3


class ViewsUnavailable(Exception):
    """The views' database could not be read now (a lost connection, a timeout);
    the same read may well succeed if tried again."""


_PLACEHOLDER = re.compile(r"\?")


def marks(values: Sequence[Any]) -> str:
    """The placeholders of an IN (...) list of `values`."""
    return ", ".join("?" * len(values))


async def fetch_in(driver: Driver, sql: str, ids: Sequence[Any], then: str = "") -> list[Row]:
    """The rows of `sql`, which ends with the column `ids` are matched on, followed by
    `then` (e.g. an ORDER BY); no rows, without a query, when there are no ids."""
    if not ids:
        return []
    return await driver.fetch(f"{sql} IN ({marks(ids)}) {then}".rstrip(), ids)


class Driver(Protocol):
    postgres: bool
    """The dialect: a few reads (a backlog page) are one statement in each's own SQL."""
    queries: int
    round_trips: int
    """Statements, BEGINs and ROLLBACKs sent (the query-count tests pin these)."""

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        """Reads inside the block share one connection and one transaction."""
        ...

    async def close(self) -> None: ...


class SqliteDriver:
    """One sqlite3 connection per worker thread, reads only."""

    postgres = False

    def __init__(self, database: str) -> None:
        self.database = database
        self.local = threading.local()
        self.connections: list[sqlite3.Connection] = []
        self.free: list[sqlite3.Connection] = []  # for sessions, any thread
        self.queries = 0
        self.round_trips = 0
        self.snapshots = "mode=memory" not in database

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.database, uri=True, check_same_thread=False, timeout=5)
        connection.execute("PRAGMA query_only = ON")
        self.connections.append(connection)
        return connection

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = self._connect()
        return connection

    def borrow(self) -> sqlite3.Connection:
        try:
            return self.free.pop()
        except IndexError:
            return self._connect()

    def give_back(self, connection: sqlite3.Connection) -> None:
        self.free.append(connection)

    def run(self, connection: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[Row]:
        # An in-memory shared-cache database (the memory backend's views) locks whole
        # tables while a runner writes, and SQLITE_LOCKED ignores the busy timeout: retry.
        deadline = time.monotonic() + 5
        while True:
            try:
                return [tuple(r) for r in connection.execute(sql, tuple(params))]
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.002)

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[Row]:
        return self.run(self._connection(), sql, params)

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        return opened(self, lambda: SqliteSession(self))

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self.queries += 1
        self.round_trips += 1
        session = current(self)
        if session is not None:
            return await session.fetch(sql, params)
        return await asyncio.to_thread(self._fetch, sql, params)

    async def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.connections.clear()


class AsyncpgDriver:
    """An asyncpg pool on the views' schema."""

    postgres = True

    def __init__(self, dsn: str, schema: str, *, min_size: int = 1, max_size: int = 10) -> None:
        self.dsn = dsn
        self.schema = schema
        self.min_size = min_size
        self.max_size = max_size
        self.pool: Any = None
        self.queries = 0
        self.round_trips = 0
        self._sql: dict[str, str] = {}
        self._lock = asyncio.Lock()
        self._releases: set[asyncio.Task[None]] = set()

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
                        reset=_rollback_if_open,
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
        session = current(self)
        for attempt in range(READ_ATTEMPTS):
            try:
                if session is not None:
                    records = await session.fetch(self._convert(sql), params)
                else:
                    pool = await self._pool()
                    self.round_trips += 1
                    records = await pool.fetch(self._convert(sql), *params)
            except lost as error:
                if session is not None:
                    with contextlib.suppress(Exception):
                        await session.discard()
                if attempt + 1 == READ_ATTEMPTS:
                    raise ViewsUnavailable(f"the views cannot be read: {error}") from error
                await asyncio.sleep(0.01 * (attempt + 1))
                continue
            except TimeoutError as error:
                raise ViewsUnavailable("the views did not answer in time") from error
            return [tuple(r) for r in records]
        raise AssertionError("unreachable")

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        return opened(self, lambda: AsyncpgSession(self))

    def releasing(self, release: Coroutine[Any, Any, None]) -> None:
        """Gives a session's connection back without making the request wait."""
        task = asyncio.get_running_loop().create_task(release)
        self._releases.add(task)
        task.add_done_callback(self._releases.discard)

    async def close(self) -> None:
        if self._releases:
            await asyncio.gather(*self._releases, return_exceptions=True)
        if self.pool is not None:
            await self.pool.close()
            self.pool = None


async def _rollback_if_open(connection: Any) -> None:
    """The pool's reset: reader connections change no session state (no SET, LISTEN
    or advisory lock), so only a session's open transaction needs ending. The
    default reset would cost a round trip after every read."""
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")
