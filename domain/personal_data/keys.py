"""The members' keys, in their own table of the event store's database (a dict for the
memory backend). A destroyed key leaves its row with no key: the member is known to
be forgotten, and no new key is ever issued for them."""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from domain.errors import Conflict
from domain.personal_data.sealing import new_key

TABLE = "tandem_member_keys"


class Shredded(Conflict):
    """Personal data about a forgotten member cannot be recorded any more."""


class MemberKeys(ABC):
    """Issues, reads and destroys each member's key."""

    def key_for(self, member_id: str) -> bytes | None:
        """The member's key; None when it was destroyed or never issued."""
        found, key = self._read(member_id)
        return key if found else None

    def forgotten(self, member_id: str) -> bool:
        """Whether the member's key was destroyed."""
        found, key = self._read(member_id)
        return found and key is None

    def issue(self, member_id: str) -> bytes:
        """The member's key, issued now if they have none; Shredded once destroyed."""
        found, key = self._read(member_id)
        if not found:
            self._insert(member_id, new_key())
            found, key = self._read(member_id)  # another writer may have won
        if key is None:
            raise Shredded("the member is forgotten: nothing about them can be recorded")
        return key

    @abstractmethod
    def _read(self, member_id: str) -> tuple[bool, bytes | None]:
        """(whether the member has a row, its key or None once destroyed)."""

    @abstractmethod
    def _insert(self, member_id: str, key: bytes | None) -> None:
        """Adds a key (None: a destroyed one) unless the member has a row already."""

    @abstractmethod
    def destroy(self, member_id: str) -> None:
        """Overwrites the key so that neither the table nor its freed pages keep it."""


class MemoryKeys(MemberKeys):
    def __init__(self) -> None:
        self.keys: dict[str, bytes | None] = {}
        self.lock = threading.Lock()

    def _read(self, member_id: str) -> tuple[bool, bytes | None]:
        return member_id in self.keys, self.keys.get(member_id)

    def _insert(self, member_id: str, key: bytes | None) -> None:
        with self.lock:
            self.keys.setdefault(member_id, key)

    def destroy(self, member_id: str) -> None:
        self.keys[member_id] = None


class _TableKeys(MemberKeys):
    """The key table through the library's datastore (SQLite and PostgreSQL alike)."""

    mark: str
    """The driver's placeholder."""

    def __init__(self, datastore: Any, table: str, key_type: str) -> None:
        self.datastore, self.table = datastore, table
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (member_id TEXT PRIMARY KEY, key {key_type})"
            )

    def _read(self, member_id: str) -> tuple[bool, bytes | None]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT key FROM {self.table} WHERE member_id = {self.mark}", (member_id,)
            )
            row: Any = cursor.fetchone()
        return (row is not None, None if row is None or row["key"] is None else bytes(row["key"]))

    def _insert(self, member_id: str, key: bytes | None) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} VALUES ({self.mark}, {self.mark}) "
                "ON CONFLICT (member_id) DO NOTHING",
                (member_id, key),
            )


class SqliteKeys(_TableKeys):
    mark = "?"

    def __init__(self, datastore: SQLiteDatastore) -> None:
        super().__init__(datastore, TABLE, "BLOB")

    def destroy(self, member_id: str) -> None:
        # A connection of its own: secure_delete zeroes the key's old bytes in the page
        # (and any page it frees) instead of leaving them in free space.
        conn = sqlite3.connect(self.datastore.pool.db_name, timeout=5, isolation_level=None)
        try:
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute(f"UPDATE {TABLE} SET key = NULL WHERE member_id = ?", (member_id,))
            conn.execute(f"INSERT OR IGNORE INTO {TABLE} VALUES (?, NULL)", (member_id,))
        finally:
            conn.close()


class PostgresKeys(_TableKeys):
    mark = "%s"

    def __init__(self, datastore: PostgresDatastore) -> None:
        super().__init__(datastore, f'"{datastore.schema or "public"}".{TABLE}', "BYTEA")

    def destroy(self, member_id: str) -> None:
        """The old row version stays in the table's file until freed_space.py's VACUUM FULL."""
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"UPDATE {self.table} SET key = NULL WHERE member_id = %s", (member_id,))
        self._insert(member_id, None)


def keys_for(datastore: object) -> MemberKeys:
    """The key table beside the event store of `datastore` (None: the memory backend)."""
    if isinstance(datastore, SQLiteDatastore):
        return SqliteKeys(datastore)
    if isinstance(datastore, PostgresDatastore):
        return PostgresKeys(datastore)
    return MemoryKeys()
