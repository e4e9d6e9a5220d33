from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A clean database URL for each backend: memory, SQLite, PostgreSQL."""
    with database_url(request.param) as url:
        yield url
