"""Where the behavioural suites run: every backend, overriding only the database URL."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

POSTGRES_URL = os.environ.get("TANDEM_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("TANDEM_REQUIRE_POSTGRES") == "1"

BACKENDS = [
    pytest.param("memory", id="memory"),
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
DURABLE_BACKENDS = BACKENDS[1:]


def skip_without_postgres() -> None:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("TANDEM_REQUIRE_POSTGRES=1 but TANDEM_TEST_POSTGRES_URL is unset")
        pytest.skip("PostgreSQL tests need TANDEM_TEST_POSTGRES_URL (unset here)")


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards; yields the database URL."""
    skip_without_postgres()
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}schema={schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def database_url(backend: str) -> Iterator[str]:
    """A clean database of the given backend for one test."""
    if backend == "memory":
        yield "memory://"
    elif backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'tandem.db'}"
    elif backend == "postgres":
        with postgres_schema() as url:
            yield url
    else:  # pragma: no cover
        raise ValueError(backend)
