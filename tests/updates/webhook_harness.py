"""The app with webhooks allowed on loopback and quick retries, and helpers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from domain.commands import PrioritizeItem
from tests.api.harness import Api, running

QUICK = {
    "webhook_allow_private": True,
    "webhook_backoff": 0.01,
    "webhook_backoff_cap": 0.04,
    "webhook_max_attempts": 3,
    "webhook_timeout": 0.5,
    "poll_interval": 0.05,
}
ADD = """mutation($input: AddWebhookInput!) { addWebhook(input: $input) {
  webhook { id url format types active } decision { type subjectId summary } } }"""
DELIVERIES = """query($id: ID!) { product(id: $id) { webhooks { id active
  deliveries { deliveryId position status attempts lastResponseStatus } } } }"""


@asynccontextmanager
async def quick(url: str, **overrides: Any) -> AsyncIterator[Api]:
    async with running(url, **{**QUICK, **overrides}) as api:
        yield api


async def add_webhook(api: Api, url: str, as_: str = "Ana", **fields: Any) -> dict[str, Any]:
    data = await api.ok(ADD, {"input": {"productId": api.product_id, "url": url, **fields}}, as_)
    return data["addWebhook"]  # type: ignore[no-any-return]


def prioritize(api: Api, title: str, rank: int, why: str = "customers asked") -> int:
    """Records one decision; answers its position."""
    outcome = api.tandem.decide(
        api.actor("Ana"), PrioritizeItem(item_id=api.ids[title], rank=rank, rationale=why)
    )
    assert outcome.position is not None
    return outcome.position


async def deliveries(api: Api) -> list[dict[str, Any]]:
    data = await api.ok(DELIVERIES, {"id": api.product_id}, "Ana")
    hooks = data["product"]["webhooks"]
    return [d for hook in hooks for d in hook["deliveries"]]


async def until_deliveries(api: Api, check: Any, within: float = 15) -> list[dict[str, Any]]:
    """Polls the deliveries until `check(deliveries)` holds, or fails at the deadline."""
    deadline = time.monotonic() + within
    while True:
        found = await deliveries(api)
        if check(found):
            return found
        assert time.monotonic() < deadline, f"deliveries never matched: {found}"
        await asyncio.sleep(0.02)
