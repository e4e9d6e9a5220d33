from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
async def bare(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The app on a clean database of each backend, with nobody in it yet."""
    with database_url(request.param) as url:
        async with running(url) as api:
            yield api


@pytest.fixture
async def api(bare: Api) -> Api:
    """The app with the Checkout crew: Ana (PO), Ben (EM), Cleo (engineer), Dev
    (stakeholder), Eve (no role), and three proposed items."""
    return await gather_crew(bare)


@pytest.fixture
async def sqlite_api() -> AsyncIterator[Api]:
    """The crew's app on SQLite alone: for behaviour that does not depend on the store
    (HTTP handling, limits, documents refused before they run)."""
    with database_url("sqlite") as url:
        async with running(url) as api:
            yield await gather_crew(api)
