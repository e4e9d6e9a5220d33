from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The Checkout crew's app on each backend (see tests/api/conftest.py)."""
    with database_url(request.param) as url:
        async with running(url) as app:
            yield await gather_crew(app)
