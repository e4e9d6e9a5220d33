from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from api.composition import Container
from projections.reader import ViewReader
from tests.projections.team import Clock, Team, container


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tandem(db_url: str, clock: Clock) -> Iterator[Container]:
    """The application and its views on each backend; runners not started."""
    built = container(db_url, clock)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def team(tandem: Container) -> Team:
    return Team.gather(tandem.app)


@pytest.fixture
async def reader(tandem: Container) -> AsyncIterator[ViewReader]:
    opened = tandem.reader()
    try:
        yield opened
    finally:
        await opened.close()
