from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.composition import Container
from tests.projections.team import Clock, Team, container


@pytest.fixture
def tandem(db_url: str) -> Iterator[Container]:
    """The application and its followers on each backend; runners not started."""
    built = container(db_url, Clock())
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def team(tandem: Container) -> Team:
    return Team.gather(tandem.app)
