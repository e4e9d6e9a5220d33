"""Bearer tokens checked against the store lately, so a read on PostgreSQL does not
spend a round trip on its token.

A token is the member's current one only until the member's next decision (a
rotation, a deactivation), and every decision, in any process, is an insert into the
event store, which NOTIFYs the store's channel in the same transaction. On each
notification the cache reads which aggregates have new events since the last one it
saw (one indexed query, in its own schema: the channel is shared by every schema of
the database) and forgets those members. Each save in this process forgets the members
it recorded at once, before the decision is answered, and the cache trusts nothing
while it is not listening (the LISTEN connection was lost: every request then checks
the store, as on SQLite). An entry also expires after TTL seconds, so a notification
that never arrives leaves it stale that long at most, and a check that was running
while its member changed is not kept (`changed`).

SQLite has no NOTIFY, and the store is a file on this machine: there the cache is
`polled`. Before it trusts an entry, it reads the store's head on the event loop (a
seek of the rowid index through a connection of its own, microseconds, where a hop to a
worker thread and the member's query cost hundreds), and forgets the members whose
aggregates have events past the last head it saw. No entry outlives a change to its
member, whichever worker process recorded it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Collection
from typing import Any

import anyio.to_thread
from psycopg import sql

log = logging.getLogger("tandem.api")
TTL = 2.0
"""Seconds an entry is trusted without a notification; the rotation bound is 5 s."""
MAX_ENTRIES = 10_000
"""Tokens kept at most; all are forgotten when one more would not fit."""
Changes = Callable[[int | None], tuple[int, Collection[str]]]
"""Given the last position seen (None: none yet), the head now and the ids of the
aggregates with events after that position."""


class TokenCache:
    """Which member a valid bearer token names, as this process last read the store."""

    def __init__(
        self,
        check: Callable[[str], str | None],
        changes: Changes,
        *,
        ttl: float = TTL,
        clock: Callable[[], float] = time.monotonic,
        polled: bool = False,
    ) -> None:
        self.check = check
        self.changes = changes
        self.polled = polled
        """Read the store's changes before each use (SQLite), not on notifications."""
        self.ttl = ttl
        self.clock = clock
        self.entries: dict[str, tuple[str, float]] = {}
        self.tokens_of: dict[str, set[str]] = {}
        """Each member's cached tokens: a save forgets its members' without a walk
        through every entry."""
        self.epoch = 0
        """Moves on each time everyone is forgotten."""
        self.sequence = 0
        self.changed: dict[str, int] = {}
        """The `sequence` at which each aggregate was last forgotten: a check that began
        before its member was forgotten is not kept. Emptied, with everything, when full."""
        self.position: int | None = None  # None: not listening, or not caught up yet
        self.checks = 0
        """Tokens checked against the store (the query-count tests read this)."""
        self.next_read = asyncio.Event()
        """Set when the next read of the store's changes is done (tests wait on it)."""
        self.up = asyncio.Event()
        """Set while the cache follows the store (tests wait on it)."""
        self._lock = threading.Lock()
        self._reading: asyncio.Task[None] | None = None
        self._again = False

    @property
    def listening(self) -> bool:
        return self.position is not None

    def forget(self, members: Collection[str] | None = None) -> None:
        """The store changed: forget `members` (the aggregates recorded; None: everyone);
        from any thread. Aggregates that are not members (products) forget nobody."""
        with self._lock:
            if members is None or len(self.changed) + len(members) > MAX_ENTRIES:
                self.epoch += 1
                self.entries.clear()
                self.tokens_of.clear()
                self.changed.clear()
                return
            self.sequence += 1
            for member in members:
                self.changed[member] = self.sequence
                for token in self.tokens_of.pop(member, ()):
                    self.entries.pop(token, None)

    def following(self, listening: bool) -> None:
        """The LISTEN connection is up (True) or lost (False); both start afresh."""
        self.position = None
        self.up.clear()
        self.forget()
        if listening:
            self.heard()

    def heard(self) -> None:
        """A NOTIFY of the event store: read what changed (one read at a time)."""
        if self._reading is not None and not self._reading.done():
            self._again = True
            return
        self._reading = asyncio.get_running_loop().create_task(self._read_changes())

    async def _read_changes(self) -> None:
        self._again = True
        while self._again:
            self._again = False
            try:
                head, changed = await anyio.to_thread.run_sync(self.changes, self.position)
            except Exception:
                log.warning("could not read the store's changes; tokens not cached", exc_info=True)
                self.position = None
                self.forget()
                return
            self._caught_up(head, changed)
            done, self.next_read = self.next_read, asyncio.Event()
            done.set()

    def _caught_up(self, head: int, changed: Collection[str]) -> None:
        if changed:
            self.forget(set(changed))
        self.position = head
        self.up.set()

    def _poll(self) -> None:
        try:
            self._caught_up(*self.changes(self.position))
        except sqlite3.Error:
            log.warning("could not read the store's changes; tokens not cached", exc_info=True)
            self.position = None
            self.forget()

    async def member_for(self, token: str) -> str | None:
        """The member `token` belongs to, if it is their current token and they are active."""
        if self.polled:
            self._poll()
        if self.listening:
            hit = self.entries.get(token)
            if hit is not None and self.clock() - hit[1] < self.ttl:
                return hit[0]
        epoch, sequence, started = self.epoch, self.sequence, self.clock()
        self.checks += 1
        member = await anyio.to_thread.run_sync(self.check, token)
        if member is not None and self.listening:
            with self._lock:
                if epoch == self.epoch and self.changed.get(member, 0) <= sequence:
                    if len(self.entries) >= MAX_ENTRIES:
                        self.entries.clear()
                        self.tokens_of.clear()
                    self.entries[token] = (member, started)
                    self.tokens_of.setdefault(member, set()).add(token)
        return member

    async def close(self) -> None:
        if self._reading is not None:
            self._reading.cancel()
            with contextlib.suppress(BaseException):
                await self._reading


def store_changes(recorder: Any) -> Changes:
    """Changes read from a PostgreSQL application recorder's events table."""
    datastore = recorder.datastore
    table = sql.SQL("{}.{}").format(
        sql.Identifier(datastore.schema or "public"), sql.Identifier(recorder.events_table_name)
    )
    head = sql.SQL("SELECT COALESCE(MAX(notification_id), 0) AS id FROM {}").format(table)
    after = sql.SQL(
        "SELECT notification_id AS id, originator_id FROM {} WHERE notification_id > %s "
        "ORDER BY notification_id"
    ).format(table)

    def changes(position: int | None) -> tuple[int, Collection[str]]:
        with datastore.transaction(commit=False) as cursor:
            if position is None:
                cursor.execute(head)
                return int(cursor.fetchone()["id"]), ()
            cursor.execute(after, (position,))
            rows = cursor.fetchall()
        return (int(rows[-1]["id"]) if rows else position), {str(r["originator_id"]) for r in rows}

    return changes


def file_changes(database: str, events_table: str) -> Changes:
    """Changes read from a SQLite application recorder's events table (the rowid is the
    notification id), through a connection of the event loop's own, outside any
    transaction: each statement reads the latest commit of any process."""
    connection = sqlite3.connect(
        database, uri=database.startswith("file:"), isolation_level=None, timeout=0.1
    )
    head = f"SELECT COALESCE(MAX(rowid), 0) FROM {events_table}"
    after = f"SELECT rowid, originator_id FROM {events_table} WHERE rowid > ? ORDER BY rowid"

    def changes(position: int | None) -> tuple[int, Collection[str]]:
        if position is None:
            return int(connection.execute(head).fetchone()[0]), ()
        rows = connection.execute(after, (position,)).fetchall()
        return (int(rows[-1][0]) if rows else position), {str(uuid.UUID(r[1])) for r in rows}

    return changes
