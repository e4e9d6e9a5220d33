from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.application import Tandem
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
