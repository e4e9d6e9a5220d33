from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends import BACKENDS, database_url


@pytest.fixture(scope="module", params=BACKENDS)
def shared_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A database per backend shared by a module's read-only tests: the stories they
    read are told once, not once per test."""
    with database_url(request.param) as url:
        yield url
