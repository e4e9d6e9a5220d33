from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from domain.application import Tandem
from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url
from tests.given import Clock, Team, open_ledger


@pytest.fixture
def app(db_url: str) -> Iterator[Tandem]:
    """The application service on each backend: memory, SQLite, PostgreSQL."""
    ledger = open_ledger(db_url, Clock())
    yield ledger
    ledger.close()


@pytest.fixture
def team(app: Tandem) -> Team:
    return Team.gather(app)


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The app with the Checkout crew (tests/api/harness.py) on each backend."""
    with database_url(request.param) as url:
        async with running(url) as running_api:
            yield await gather_crew(running_api)
