"""Start-up of the event store's tables: serialised across processes on PostgreSQL,
and a new SQLite file switched to WAL before the library's connections open it."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.utils import Environment, strtobool

log = logging.getLogger(__name__)


@contextmanager
def tables_created_one_at_a_time(env: Environment) -> Iterator[None]:
    """Holds a PostgreSQL advisory lock while an application creates its tables.

    Every application runs the library's CREATE TABLE IF NOT EXISTS / CREATE OR
    REPLACE FUNCTION statements when it starts; two processes doing so at once
    (API replicas and a projector starting together) fail with "duplicate key
    value violates unique constraint pg_type_typname_nsp_index" or "tuple
    concurrently updated". Serialising the start-up per schema avoids it. On
    SQLite, the new file is switched to WAL first (see switch_to_wal).
    """
    module = env.get("PERSISTENCE_MODULE")
    if module == "eventsourcing.sqlite":
        switch_to_wal(env.get("SQLITE_DBNAME") or "", float(env.get("SQLITE_LOCK_TIMEOUT") or 5))
    if module != "eventsourcing.postgres" or not strtobool(env.get("CREATE_TABLE") or "yes"):
        yield
        return
    import psycopg  # only PostgreSQL deployments pay for importing the driver

    try:
        conn = psycopg.connect(
            host=env.get("POSTGRES_HOST"),
            port=env.get("POSTGRES_PORT") or "5432",
            dbname=env.get("POSTGRES_DBNAME"),
            user=env.get("POSTGRES_USER"),
            password=env.get("POSTGRES_PASSWORD") or None,
            connect_timeout=int(env.get("POSTGRES_CONNECT_TIMEOUT") or "5"),
            autocommit=True,
        )
    except psycopg.Error as error:
        # The library connects next and reports the problem in its own terms.
        log.debug("no start-up lock, the database is unreachable: %s", error)
        yield
        return
    with conn:
        schema = env.get("POSTGRES_SCHEMA") or "public"
        conn.execute("SET lock_timeout = '30s'")
        try:
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"tandem-tables:{schema}",))
        except psycopg.errors.LockNotAvailable:
            # A start-up stuck for that long is not ours to wait for.
            log.warning("another process has held the table-creation lock for 30 s; going on")
        yield


def switch_to_wal(path: str, timeout: float) -> None:
    """Puts a SQLite database file in WAL mode, waiting out other connections.

    The library runs PRAGMA journal_mode=WAL on each connection it opens. On a new
    file that needs exclusive access, and SQLite fails at once with "database is
    locked" (its busy timeout does not cover it) when several connections open
    together, e.g. two ledgers starting on the embedded default. Once the file is
    in WAL mode, the library's PRAGMA changes nothing and cannot fail that way.
    """
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    deadline = time.monotonic() + timeout
    try:
        conn = sqlite3.connect(path, timeout=timeout)
    except sqlite3.Error:
        return  # the library opens the file next and reports the problem
    try:
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.Error as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    return
                time.sleep(0.005)
    finally:
        conn.close()
