from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends import DURABLE_BACKENDS, database_url


@pytest.fixture(params=DURABLE_BACKENDS)
def durable_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A clean database that outlives the process using it: SQLite, PostgreSQL."""
    with database_url(request.param) as url:
        yield url
