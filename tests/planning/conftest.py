from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from domain.application import Tandem
from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url
from tests.given import Clock, Team, open_ledger


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> Iterator[Tandem]:
    """The application service on the in-memory store: no I/O."""
    ledger = open_ledger("memory://", clock)
    yield ledger
    ledger.close()


@pytest.fixture
def team(app: Tandem) -> Team:
    return Team.gather(app)


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The app on each backend with the Checkout crew and its three proposed items."""
    with database_url(request.param) as url:
        async with running(url) as bare:
            yield await gather_crew(bare)
