from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.application import Tandem
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
