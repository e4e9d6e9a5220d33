"""The authorization matrix of the updates area (beside test_authorization.py): every
kind of caller, on their own product and the other one, for each of its mutations and
read paths. Allowed callers succeed; the others get the one code the rules give."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.api.harness import Api, running
from tests.backends import database_url
from tests.reliability.world import BILLING, World, two_products
from tests.updates.receiver import receiving
from tests.updates.webhook_harness import QUICK

CHECKOUT = {"Ana": "PO", "Ben": "EM", "Cleo": "ENG", "Dev": "SH"}
CALLERS = (*CHECKOUT, *BILLING, "Eve", "admin", "anonymous")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]

PUBLISH = "mutation($i: PublishUpdateInput!) { publishUpdate(input: $i) { update { number } } }"
ADD = "mutation($i: AddWebhookInput!) { addWebhook(input: $i) { webhook { id } } }"
REMOVE = "mutation($i: WebhookInput!) { removeWebhook(input: $i) { webhook { active } } }"
REDELIVER = "mutation($i: RedeliverInput!) { redeliver(input: $i) { webhook { id } } }"
UPDATES = "query($p: ID!) { product(id: $p) { updates { totalCount } } }"
WEBHOOKS = "query($p: ID!) { product(id: $p) { webhooks { id } } }"


def expected(caller: str, allowed: set[str]) -> str:
    """What Checkout's rules give `caller` for an operation `allowed` to those roles."""
    if caller == "anonymous":
        return "UNAUTHENTICATED"
    role = "ADMIN" if caller == "admin" else CHECKOUT.get(caller)
    return "ok" if role in allowed else "FORBIDDEN"


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest) -> AsyncIterator[tuple[World, str]]:
    with database_url(request.param) as url, receiving() as receiver:
        async with running(url, **QUICK) as api:
            yield await two_products(api), receiver.url


async def outcome(api: Api, query: str, variables: dict[str, Any], caller: str) -> str:
    answer = await api.post(query, variables, caller)
    return "ok" if not answer.errors else str(answer.code)


async def test_every_caller_on_the_updates_areas_paths(world: tuple[World, str]) -> None:
    w, url = world
    api, pid = w.api, w.checkout
    hook = (await api.ok(ADD, {"i": {"productId": pid, "url": url}}, "Ana"))["addWebhook"]
    hook_id = hook["webhook"]["id"]
    for caller in CALLERS:
        found = {
            "updates": await outcome(api, UPDATES, {"p": pid}, caller),
            "webhooks": await outcome(api, WEBHOOKS, {"p": pid}, caller),
            "publishUpdate": await outcome(
                api, PUBLISH, {"i": {"productId": pid, "headline": f"by {caller}"}}, caller
            ),
            "addWebhook": await outcome(api, ADD, {"i": {"productId": pid, "url": url}}, caller),
            "redeliver": await outcome(
                api, REDELIVER, {"i": {"webhookId": hook_id, "fromPosition": 0}}, caller
            ),
        }
        member = caller in CHECKOUT or caller == "admin"
        outsider = "UNAUTHENTICATED" if caller == "anonymous" else "FORBIDDEN"
        wanted = {
            "updates": "ok" if member else outsider,
            "webhooks": expected(caller, {"ADMIN", "PO", "EM"}) if member else outsider,
            "publishUpdate": expected(caller, {"PO"}) if member else outsider,
            "addWebhook": expected(caller, {"ADMIN", "PO"}) if member else outsider,
            "redeliver": expected(caller, {"ADMIN", "PO"}) if member else outsider,
        }
        assert found == wanted, caller
    unknown = {"i": {"webhookId": "00000000-0000-4000-8000-000000000000"}}
    assert await outcome(api, REMOVE, unknown, "Ana") == "NOT_FOUND"
    for caller in ("Ben", "Fay", "Eve"):
        refused = await outcome(api, REMOVE, {"i": {"webhookId": hook_id}}, caller)
        assert refused == "FORBIDDEN", caller
    assert await outcome(api, REMOVE, {"i": {"webhookId": hook_id}}, "admin") == "ok"
