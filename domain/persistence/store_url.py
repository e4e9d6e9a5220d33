"""Maps TANDEM_DATABASE_URL onto the eventsourcing library's persistence settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

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
            # A view batch's transaction stays open while it folds its events and encodes
            # snapshots of large products; the library's 5 s default killed it on a busy
            # machine ("terminating connection due to idle-in-transaction timeout").
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "30",
            # Kept open: the projections worker's lock, its LISTEN and the one batch it
            # works on at a time (projections/engine/conductor.py). Beyond them, saves
            # and webhook deliveries take up to 17 more: saves queue on the event table's
            # lock anyway, and two test processes fit well within a 100-connection server.
            "POSTGRES_POOL_SIZE": "3",
            "POSTGRES_MAX_OVERFLOW": "17",
            # No check of each pooled connection before use: while connections are
            # being cut, psycopg_pool's check loop starves its callers (95 queries in
            # 10 s, against 2,300 without). A lost connection fails at first use; the
            # recorder then checks the whole pool and retries (domain/persistence/pg_recorder.py).
            "POSTGRES_PRE_PING": "n",
            # One round trip per save with the table lock kept (domain/persistence/pg_recorder.py);
            # not POSTGRES_ENABLE_DB_FUNCTIONS, whose function drops the lock.
            "APPLICATION_RECORDER_TOPIC": "domain.persistence.pg_recorder:LockedInsertRecorder",
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
