from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends import BACKENDS, database_url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The heavy tests first (the rest in their order): `make test`'s workers take
    them on at the start, instead of one of them running a minute-long test alone at
    the end while the other waits."""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A clean database URL for each backend: memory, SQLite, PostgreSQL."""
    with database_url(request.param) as url:
        yield url
