"""Throw-away stores for one workload: a temporary SQLite file, or a fresh schema on
the benchmark PostgreSQL (TANDEM_BENCH_POSTGRES_URL), dropped afterwards."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from domain.persistence.store_url import StoreUrl

POSTGRES_URL = os.environ.get(
    "TANDEM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BACKENDS = ("sqlite", "postgres")


def postgres_available() -> str | None:
    """None if the benchmark PostgreSQL answers, else why not."""
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL at {POSTGRES_URL} unavailable: {error}".splitlines()[0]
    return None


@contextmanager
def database(backend: str) -> Iterator[str]:
    """A database URL nobody else uses, removed when the block ends."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="tandem-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'tandem.db'}"
        return
    schema = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}schema={schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def sqlite_path(url: str) -> str:
    return StoreUrl.parse(url).sqlite_path


def postgres_dsn_schema(url: str) -> tuple[str, str]:
    store = StoreUrl.parse(url)
    return store.dsn(), store.schema
