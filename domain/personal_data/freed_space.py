"""After personal data was overwritten (a member forgotten and the views followed it,
or legacy plaintext events sealed): makes the database's freed space keep none of it.

SQLite: every view transaction runs with secure_delete on (engine/view_store.py), as
do the key's destruction and the sealing of legacy events, so overwritten rows are
zeroed in place; a checkpoint with TRUNCATE then empties the write-ahead log, which
still held the old pages.
PostgreSQL: an UPDATE leaves the old row version in the table's file until it is
vacuumed, and a plain VACUUM leaves its bytes in the page's free space: VACUUM FULL
rewrites each affected table (and its indexes and TOAST) into new files."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore

log = logging.getLogger(__name__)

ATTEMPTS = 20
HORIZON_WAIT = 10.0
"""Seconds to wait for older transactions to end before VACUUM FULL (PostgreSQL)."""


def clear_freed_space(app: Any, tables: Sequence[str]) -> bool:
    """Clears what overwritten rows of `tables` left behind; True once done (the memory
    backend keeps nothing on disk)."""
    datastore = getattr(app.factory, "datastore", None)
    if isinstance(datastore, SQLiteDatastore):
        return _checkpoint(str(datastore.pool.db_name))
    if isinstance(datastore, PostgresDatastore):
        return _vacuum(datastore, tables)
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
    log.warning("the write-ahead log could not be emptied: readers kept it busy")
    return False


def _vacuum(datastore: PostgresDatastore, tables: Sequence[str]) -> bool:
    schema = datastore.schema or "public"
    with datastore.get_connection() as conn:
        done = _wait_for_horizon(conn, HORIZON_WAIT)
        existing = {
            row["table_name"]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            ).fetchall()
        }
        for table in tables:
            if table not in existing:
                continue
            for attempt in range(3):
                try:
                    conn.execute(f'VACUUM FULL "{schema}"."{table}"')
                    break
                except Exception as error:  # a lock wait ran out: try again, then report
                    if attempt == 2:
                        log.warning("VACUUM FULL of %s failed: %s", table, error)
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
                "transactions %s began before personal data was overwritten and are still "
                "open: the old row versions stay in the files until VACUUM FULL runs again",
                pids,
            )
            return False
        time.sleep(0.05)
