from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from domain.application import Tandem
from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url
from tests.given import Clock, Team, open_ledger


@pytest.fixture(params=BACKENDS)
def ledger(request: pytest.FixtureRequest) -> Iterator[Tandem]:
    """The application service on memory, SQLite and PostgreSQL."""
    with database_url(request.param) as url:
        app = open_ledger(url, Clock())
        yield app
        app.close()


@pytest.fixture
def team(ledger: Tandem) -> Team:
    return Team.gather(ledger)


@pytest.fixture(params=BACKENDS)
async def bare(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The app on a clean database of each backend."""
    with database_url(request.param) as url:
        async with running(url) as api:
            yield api


@pytest.fixture
async def api(bare: Api) -> Api:
    """The Checkout crew (tests/api/harness.py): Ana PO, Ben EM, Cleo engineer, Dev
    stakeholder, Eve no role; "SSO login", "Guest checkout", "Apple Pay" proposed."""
    return await gather_crew(bare)
