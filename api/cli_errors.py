"""What the `tandem` commands say when the database cannot be used: one line on stderr
and exit status 2, as for a configuration error, never a traceback."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import psycopg
from eventsourcing.persistence import PersistenceError

from api.settings import Settings
from domain.persistence.store_url import redact

DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    psycopg.Error,  # unreachable server, unknown database, refused port, bad password
    sqlite3.Error,
    PersistenceError,  # the library's wrapping of either, e.g. InterfaceError
    ConnectionError,  # asyncpg's refused connections
)


class NoDatabase(Exception):
    """A command that only reads was pointed at a database that does not exist."""


def fail(message: str) -> int:
    """One line on stderr; exit status 2."""
    print(f"tandem: {message}", file=sys.stderr)
    return 2


def database_failure(error: BaseException, database_url: str) -> int:
    message = " ".join(str(error).split()) or type(error).__name__
    return fail(f"database error: {message} (TANDEM_DATABASE_URL {redact(database_url)})")


def require_existing(settings: Settings) -> None:
    """Raises NoDatabase when the embedded SQLite file is missing: reading it would
    create an empty one (and an admin-token file) and report on nothing."""
    store = settings.store
    if store.backend == "sqlite" and not Path(store.sqlite_path).exists():
        raise NoDatabase(
            f"no database at {store.sqlite_path} (set TANDEM_DATABASE_URL or "
            "--database-url; `tandem migrate` or `tandem serve` creates one)"
        )
