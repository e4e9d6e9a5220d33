from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.application import Tandem
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
