"""Webhook configuration as decisions: who may, what is refused, what is never shown."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.api.harness import Api, gather_crew
from tests.backends import BACKENDS, database_url
from tests.updates.receiver import Receiver, receiving
from tests.updates.webhook_harness import ADD, add_webhook, deliveries, prioritize, quick

HOOK = "https://93.184.216.34/tandem"  # numeric: never looked up, and refused before sending
REMOVE = """mutation($input: WebhookInput!) { removeWebhook(input: $input) {
  webhook { id active } decision { type subjectId } } }"""
LIST = "query($id: ID!) { product(id: $id) { webhooks { id url active types format } } }"


async def test_loopback_and_private_urls_are_bad_input_and_record_nothing(api: Api) -> None:
    head = api.head()
    for url in ("http://localhost:8080/x", "http://127.0.0.1/x", "http://10.0.0.8/x"):
        answer = await api.post(ADD, {"input": {"productId": api.product_id, "url": url}}, "Ana")
        assert answer.code == "BAD_USER_INPUT", answer.body
    answer = await api.post(
        ADD, {"input": {"productId": api.product_id, "url": "http://169.254.169.254/"}}, "Ana"
    )
    assert answer.code == "BAD_USER_INPUT" and "metadata" in answer.errors[0]["message"]
    assert api.head() == head


async def test_unknown_types_and_bad_urls_are_bad_input(api: Api) -> None:
    for fields in ({"types": ["ItemPrioritised"]}, {"url": "ftp://x.example/"}):
        variables = {"input": {"productId": api.product_id, "url": HOOK, **fields}}
        assert (await api.post(ADD, variables, "Ana")).code == "BAD_USER_INPUT"


@pytest.fixture(params=BACKENDS)
async def hooked(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Api, Receiver]]:
    """The crew's app allowed to call 127.0.0.1, and a receiver there."""
    with database_url(request.param) as url, receiving() as receiver:
        async with quick(url) as app:
            yield await gather_crew(app), receiver


async def test_the_secret_and_query_string_are_never_recorded_nor_shown(
    hooked: tuple[Api, Receiver],
) -> None:
    api, receiver = hooked
    added = await add_webhook(api, receiver.url + "&extra=q9x7", secret="hunter2-secret")
    webhook, decision = added["webhook"], added["decision"]
    assert decision["type"] == "WebhookAdded" and decision["subjectId"] == webhook["id"]
    assert webhook["url"] == receiver.url.split("?")[0] and webhook["format"] == "TANDEM"
    listed = await api.ok(LIST, {"id": api.product_id}, "Ben")
    decisions = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions { edges { node { summary changes "
        "{ field before after } } } } } }",
        {"id": api.product_id},
    )
    stored = api.tandem.recorder.select_notifications(start=1, limit=10_000)
    everything = str(listed) + str(decisions) + str(added)
    everything += "".join(n.state.decode("utf-8", "replace") for n in stored)
    assert "hunter2" not in everything and "q9x7" not in everything
    store = api.container.projections.store
    with store.transaction() as tx:
        sealed = str(tx.fetchall("SELECT sealed FROM webhook_secrets"))
    assert "hunter2" not in sealed and "q9x7" not in sealed


async def test_the_product_owner_and_administrator_add_others_may_not(
    hooked: tuple[Api, Receiver],
) -> None:
    api, receiver = hooked
    head = api.head()
    for caller in ("Ben", "Cleo", "Dev", "Eve"):
        variables = {"input": {"productId": api.product_id, "url": receiver.url}}
        assert (await api.post(ADD, variables, caller)).code == "FORBIDDEN", caller
    assert api.head() == head
    added = await add_webhook(api, receiver.url, as_="admin")
    assert added["decision"]["type"] == "WebhookAdded"
    for caller in ("Cleo", "Dev", "Eve"):
        answer = await api.post(LIST, {"id": api.product_id}, caller)
        assert answer.code in ("FORBIDDEN", "NOT_FOUND"), answer.body
    assert len((await api.ok(LIST, {"id": api.product_id}, "Ben"))["product"]["webhooks"]) == 1


async def test_a_removed_webhook_hears_nothing_more(hooked: tuple[Api, Receiver]) -> None:
    api, receiver = hooked
    hook = (await add_webhook(api, receiver.url))["webhook"]["id"]
    refused = await api.post(REMOVE, {"input": {"webhookId": hook}}, "Ben")
    assert refused.code == "FORBIDDEN"
    removed = (await api.ok(REMOVE, {"input": {"webhookId": hook}}, "Ana"))["removeWebhook"]
    assert removed["webhook"] == {"id": hook, "active": False}
    assert removed["decision"] == {"type": "WebhookRemoved", "subjectId": hook}
    again = await api.post(REMOVE, {"input": {"webhookId": hook}}, "Ana")
    assert again.code == "CONFLICT"
    prioritize(api, "Apple Pay", 1)
    await api.settled()
    assert await deliveries(api) == []
    assert receiver.received == []  # the removal itself came after: nothing was owed
