"""After a member is forgotten and the views have followed it: makes the database's
freed space keep none of the erased text or the destroyed key.

SQLite: every view transaction runs with secure_delete on (engine/view_store.py), as
does the key's destruction, so overwritten rows are zeroed in place; a checkpoint
with TRUNCATE then empties the write-ahead log, which still held the old pages.
PostgreSQL: an UPDATE leaves the old row version in the table's file until it is
vacuumed, and a plain VACUUM leaves its bytes in the page's free space: VACUUM FULL
rewrites each affected table (and its indexes and TOAST) into new files."""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

from domain.personal_data.keys import TABLE as KEYS_TABLE

log = logging.getLogger(__name__)

PERSONAL_TABLES = (
    KEYS_TABLE,
    "member_directory",
    "people_records",
    "backlog_members",
    "decisions_members",
    "decisions",
    "webhook_deliveries",
    "webhook_names",
)
"""Every table that held a member's personal data in plain text (or their key)."""
ATTEMPTS = 20
HORIZON_WAIT = 10.0
"""Seconds to wait for older transactions to end before VACUUM FULL (PostgreSQL)."""


def erase_freed_pages(app: Any) -> bool:
    """True once the freed space is cleared (the memory backend has none on disk)."""
    datastore = getattr(app.factory, "datastore", None)
    if isinstance(datastore, SQLiteDatastore):
        return _checkpoint(str(datastore.pool.db_name))
    if isinstance(datastore, PostgresDatastore):
        return _vacuum(datastore)
    return True


def _checkpoint(path: str) -> bool:
    """The log is emptied only when no reader still uses an older page: retried."""
    conn = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        for attempt in range(ATTEMPTS):
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return True
            time.sleep(0.01 * (attempt + 1))  # readers finish within milliseconds
    finally:
        conn.close()
    log.warning("the write-ahead log could not be emptied after forgetting a member")
    return False


def _vacuum(datastore: PostgresDatastore, within: float = HORIZON_WAIT) -> bool:
    schema = datastore.schema or "public"
    with datastore.get_connection() as conn:
        done = _wait_for_horizon(conn, within)
        existing = {
            row["table_name"]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            ).fetchall()
        }
        for table in PERSONAL_TABLES:
            if table not in existing:
                continue
            for attempt in range(3):
                try:
                    conn.execute(f'VACUUM FULL "{schema}"."{table}"')
                    break
                except Exception as error:  # a lock wait ran out: try again, then report
                    if attempt == 2:
                        log.warning("VACUUM FULL of %s failed after forgetting: %s", table, error)
                        done = False
    return done


def _wait_for_horizon(conn: Any, within: float) -> bool:
    """Waits until no transaction of the database still sees the rows the views
    overwrote: VACUUM FULL copies row versions such a transaction could read into
    the table's new file. True unless one was still open after `within` seconds."""
    now = conn.execute("SELECT (txid_current() % 4294967296)::text AS xid").fetchone()["xid"]
    deadline = time.monotonic() + within
    while True:
        older = conn.execute(
            "SELECT pid, state, left(query, 60) AS query FROM pg_stat_activity "
            "WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend' "
            "AND (age(backend_xmin) > age(%s::xid) OR age(backend_xid) > age(%s::xid))",
            (now, now),
        ).fetchall()
        if not older:
            return True
        if time.monotonic() > deadline:
            pids = [(row["pid"], row["state"], row["query"]) for row in older]
            log.warning(
                "transactions %s began before a member was forgotten and are still open: "
                "the views' old row versions stay in the files until VACUUM FULL runs again",
                pids,
            )
            return False
        time.sleep(0.05)
