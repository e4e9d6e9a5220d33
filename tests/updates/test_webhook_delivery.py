"""Webhook deliveries against a real receiver on 127.0.0.1, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator

import pytest

from tests.api.harness import gather_crew
from tests.backends import DURABLE_BACKENDS, database_url
from tests.updates.receiver import Receiver, receiving
from tests.updates.webhook_harness import add_webhook, prioritize, quick, until_deliveries


@pytest.fixture(params=DURABLE_BACKENDS)
def url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    with database_url(request.param) as found:
        yield found


@pytest.fixture
def receiver() -> AsyncIterator[Receiver]:
    with receiving() as found:
        yield found


async def test_each_decision_arrives_once_in_order_signed_with_the_secret(
    url: str, receiver: Receiver
) -> None:
    async with quick(url) as api:
        await gather_crew(api)
        added = await add_webhook(api, receiver.url, secret="s3cr3t")
        assert added["webhook"]["url"].endswith("/hooks/tandem")
        assert "token" not in str(added)
        positions = [prioritize(api, "Apple Pay", 1), prioritize(api, "SSO login", 1)]
        positions.append(prioritize(api, "Guest checkout", 2))
        receiver.wait_for(lambda got: len(got) >= 3)
        assert receiver.positions() == positions
        first = receiver.received[0]
        expected = hmac.new(b"s3cr3t", first.body, hashlib.sha256).hexdigest()
        assert first.headers["x-tandem-signature"] == f"sha256={expected}"
        decision = first.json["decision"]
        assert first.json["productId"] == api.product_id
        assert decision["type"] == "ItemPrioritized" and decision["rationale"] == "customers asked"
        assert decision["summary"] == "Ana (Product Owner) moved 'Apple Pay' from #3 to #1"
        assert len({r.delivery for r in receiver.received}) == 3
        await until_deliveries(api, lambda ds: [d["status"] for d in ds] == ["DELIVERED"] * 3)
