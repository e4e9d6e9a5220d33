"""One read transaction per request: every view read of a GraphQL query (its loaders
included) runs on one connection, in one snapshot, instead of one transaction per
statement on whichever pooled connection is free.

A driver opens a session with `snapshot()`; while it is open, the driver's `fetch` in
that task (and in the tasks it starts, which copy the context: DataLoader batches)
goes through the session. The connection is taken at the first read, so an operation
that reads nothing costs nothing, and given back when the operation ends.
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol

Row = tuple[Any, ...]
BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


class Session(Protocol):
    """A request's reads on one connection, in one transaction."""

    closed: bool
    """Set when the operation ended: a read still running then (a DataLoader task
    left behind by an error) goes on without the session, on a connection of its own."""

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Row]: ...

    async def discard(self) -> None:
        """Drops a connection that was lost (the next read starts a new one)."""

    async def close(self) -> None: ...


SESSION: contextvars.ContextVar[tuple[object, Session] | None] = contextvars.ContextVar(
    "tandem_read_session", default=None
)


def current(driver: object) -> Session | None:
    """The open session of `driver` in this context, if any."""
    found = SESSION.get()
    if found is None or found[0] is not driver or found[1].closed:
        return None
    return found[1]


@asynccontextmanager
async def opened(driver: object, make: Callable[[], Session]) -> AsyncIterator[None]:
    """Runs the block's reads through one session of `driver` (nested: the outer one)."""
    if current(driver) is not None:
        yield
        return
    session = make()
    token = SESSION.set((driver, session))
    try:
        yield
    finally:
        SESSION.reset(token)
        await session.close()


class AsyncpgSession:
    """A pooled connection in a REPEATABLE READ, READ ONLY transaction. Its ROLLBACK
    and its return to the pool run in the background, after the answer has left."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.connection: Any = None
        self.turn = asyncio.Lock()  # one statement at a time on one connection
        self.closed = False

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Row]:
        async with self.turn:
            if self.closed:  # queued behind close(): read on a connection of its own
                return list(await self.driver.pool.fetch(sql, *params))
            if self.connection is None:
                pool = await self.driver._pool()
                connection = await pool.acquire()
                self.connection = connection
                self.driver.round_trips += 1
                await connection.execute(BEGIN)
            self.driver.round_trips += 1
            return list(await self.connection.fetch(sql, *params))

    async def discard(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.terminate()
            await self.driver.pool.release(connection)

    async def close(self) -> None:
        self.closed = True
        async with self.turn:
            connection, self.connection = self.connection, None
        if connection is not None:
            self.driver.round_trips += 1
            self.driver.releasing(self._end(connection))

    async def _end(self, connection: Any) -> None:
        # Ended here, not by the pool's reset: asyncpg reports a transaction it did not
        # open itself as an error when it has to roll it back on release.
        try:
            await connection.execute("ROLLBACK")
        except Exception:
            connection.terminate()
        await self.driver.pool.release(connection)


class SqliteSession:
    """One sqlite3 connection for the request, in a deferred read transaction (WAL:
    it never blocks the writer). The memory backend's shared-cache database locks
    tables for a reader's whole transaction, so there each statement stands alone."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.connection: sqlite3.Connection | None = None
        self.turn = asyncio.Lock()
        self.closed = False

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[Row]:
        if self.connection is None:
            self.connection = self.driver.borrow()
            if self.connection.in_transaction:  # never expected; a stale read ends here
                self.connection.rollback()
            if self.driver.snapshots:
                self.connection.execute("BEGIN")
        return list(self.driver.run(self.connection, sql, params))

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[Row]:
        async with self.turn:
            if self.closed:  # queued behind close(): read as outside a session
                return await asyncio.to_thread(self.driver._fetch, sql, params)
            read = asyncio.ensure_future(asyncio.to_thread(self._fetch, sql, params))
            try:
                return await asyncio.shield(read)
            except asyncio.CancelledError:
                # A resolver cancelled (a sibling field failed) cannot stop the read on
                # its thread: keep the turn until it ends, so close() never gives the
                # connection back while that thread is still beginning a transaction.
                await asyncio.wait([read])
                raise

    async def discard(self) -> None:
        await self.close()

    async def close(self) -> None:
        self.closed = True
        async with self.turn:
            connection, self.connection = self.connection, None
        if connection is not None:
            if connection.in_transaction:
                connection.rollback()  # a read: nothing to commit, and local
            self.driver.give_back(connection)
