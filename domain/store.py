"""Maps TANDEM_DATABASE_URL onto the eventsourcing library's persistence settings."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.utils import Environment, strtobool

log = logging.getLogger(__name__)

Backend = Literal["memory", "sqlite", "postgres"]


@dataclass(frozen=True)
class StoreUrl:
    """A parsed database URL: which backend, and how the library reaches it."""

    backend: Backend
    sqlite_path: str = ""
    host: str = ""
    port: int = 5432
    user: str = ""
    password: str = ""
    dbname: str = ""
    schema: str = ""

    @classmethod
    def parse(cls, url: str) -> StoreUrl:
        """Raises ValueError with a message fit for an operator."""
        if url.startswith("memory:"):
            return cls(backend="memory")
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///") :]
            if not path:
                raise ValueError(f"no SQLite file path in database URL {url!r}")
            return cls(backend="sqlite", sqlite_path=path)
        parts = urlsplit(url)
        if parts.scheme in ("postgresql", "postgres"):
            try:
                port = parts.port or 5432
            except ValueError:
                raise ValueError(f"invalid port in database URL {redact(url)!r}") from None
            dbname = parts.path.lstrip("/")
            if not parts.hostname or not dbname:
                raise ValueError(f"database URL {redact(url)!r} needs a host and a database name")
            query = parse_qs(parts.query)
            schema = query.get("schema", [""])[0]
            if schema and not schema.replace("_", "").isalnum():
                raise ValueError(f"invalid schema name {schema!r}")
            return cls(
                backend="postgres",
                host=parts.hostname,
                port=port,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
                dbname=dbname,
                schema=schema,
            )
        raise ValueError(
            f"unsupported database URL {redact(url)!r}: use sqlite:///path/to/tandem.db, "
            "postgresql://user:password@host:port/database or memory://"
        )

    def library_env(self) -> dict[str, str]:
        """Environment for eventsourcing's InfrastructureFactory."""
        if self.backend == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.backend == "sqlite":
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": self.sqlite_path,
                "SQLITE_LOCK_TIMEOUT": "5",
            }
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_LOCK_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_MAX_OVERFLOW": "10",
            # No check of each pooled connection before use: while connections are
            # being cut, psycopg_pool's check loop starves its callers (95 queries in
            # 10 s, against 2,300 without). A lost connection fails at first use; the
            # recorder then checks the whole pool and retries (domain/pg_recorder.py).
            "POSTGRES_PRE_PING": "n",
            # One round trip per save with the table lock kept (domain/pg_recorder.py);
            # not POSTGRES_ENABLE_DB_FUNCTIONS, whose function drops the lock.
            "APPLICATION_RECORDER_TOPIC": "domain.pg_recorder:LockedInsertRecorder",
        }
        if self.schema:
            env["POSTGRES_SCHEMA"] = self.schema
        return env

    def dsn(self) -> str:
        """A libpq/asyncpg connection string (PostgreSQL only)."""
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{self.dbname}"


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


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
