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


async def test_a_refused_delivery_is_retried_with_the_same_delivery_id(
    url: str, receiver: Receiver
) -> None:
    answers = iter([500, 503])
    receiver.answer = lambda r: next(answers, 200)
    async with quick(url) as api:
        await gather_crew(api)
        await add_webhook(api, receiver.url, secret="s")
        prioritize(api, "Apple Pay", 1)
        receiver.wait_for(lambda got: len(got) >= 3)
        assert len({r.delivery for r in receiver.received}) == 1
        (done,) = await until_deliveries(api, lambda ds: ds and ds[0]["status"] == "DELIVERED")
        assert (done["attempts"], done["lastResponseStatus"]) == (3, 200)
        assert done["deliveryId"] == receiver.received[0].delivery


async def test_a_receiver_slower_than_the_timeout_is_tried_again(
    url: str, receiver: Receiver
) -> None:
    stalls = iter([None])
    receiver.answer = lambda r: next(stalls, 204)
    async with quick(url, webhook_timeout=0.2) as api:
        await gather_crew(api)
        await add_webhook(api, receiver.url)
        prioritize(api, "Apple Pay", 1)
        receiver.wait_for(lambda got: len(got) >= 2)
        (done,) = await until_deliveries(api, lambda ds: ds and ds[0]["status"] == "DELIVERED")
        assert done["attempts"] == 2 and receiver.received[0].delivery == done["deliveryId"]


async def test_a_failed_delivery_is_given_up_and_the_next_one_sent(
    url: str, receiver: Receiver
) -> None:
    async with quick(url) as api:
        await gather_crew(api)
        await add_webhook(api, receiver.url)
        doomed = prioritize(api, "Apple Pay", 1)
        receiver.answer = lambda r: 500 if r.position == doomed else 200
        following = prioritize(api, "SSO login", 1)
        receiver.wait_for(lambda got: following in [r.position for r in got])
        assert receiver.positions() == [doomed, doomed, doomed, following]
        found = await until_deliveries(api, lambda ds: len(ds) == 2 and ds[0]["attempts"])
        assert [(d["position"], d["status"]) for d in found] == [
            (following, "DELIVERED"),
            (doomed, "FAILED"),
        ]


async def test_nothing_is_lost_across_a_restart_mid_stream(url: str, receiver: Receiver) -> None:
    receiver.answer = lambda r: 503
    async with quick(url, webhook_max_attempts=1000, webhook_backoff_cap=0.05) as api:
        await gather_crew(api)
        await add_webhook(api, receiver.url, secret="kept")
        positions = [prioritize(api, "Apple Pay", 1), prioritize(api, "SSO login", 1)]
        receiver.wait_for(lambda got: len(got) >= 2)  # down: the first is being retried
        product_id, ids, tokens = api.product_id, api.ids, api.tokens
    receiver.answer = lambda r: 200
    delivered_before = {r.delivery for r in receiver.received}
    async with quick(url) as api:
        api.product_id, api.ids, api.tokens = product_id, ids, tokens
        positions.append(prioritize(api, "Guest checkout", 1))
        receiver.wait_for(lambda got: positions[-1] in [r.position for r in got])
        ok = [r for r in receiver.received if r.position in positions]
        assert sorted(set(r.position for r in ok)) == positions
        assert receiver.positions()[-3:] == positions
        assert len(delivered_before) == 1
        await until_deliveries(api, lambda ds: [d["status"] for d in ds] == ["DELIVERED"] * 3)
        again = receiver.received[-3]
        expected = hmac.new(b"kept", again.body, hashlib.sha256).hexdigest()
        assert again.headers["x-tandem-signature"] == f"sha256={expected}"


REDELIVER = """mutation($input: RedeliverInput!) { redeliver(input: $input) {
  webhook { id } decision { type } } }"""


async def test_redeliver_sends_again_from_a_position_with_the_same_ids(
    url: str, receiver: Receiver
) -> None:
    async with quick(url) as api:
        await gather_crew(api)
        hook = (await add_webhook(api, receiver.url))["webhook"]["id"]
        positions = [prioritize(api, "Apple Pay", 1), prioritize(api, "SSO login", 1)]
        positions.append(prioritize(api, "Guest checkout", 1))
        receiver.wait_for(lambda got: len(got) >= 3)
        first_ids = [r.delivery for r in receiver.received]
        answer = await api.ok(
            REDELIVER, {"input": {"webhookId": hook, "fromPosition": positions[1]}}, "Ana"
        )
        assert answer["redeliver"] == {"webhook": {"id": hook}, "decision": None}
        receiver.wait_for(lambda got: len(got) >= 5)
        assert receiver.positions() == [*positions, *positions[1:]]
        assert [r.delivery for r in receiver.received[3:]] == first_ids[1:]


@pytest.mark.postgres
async def test_a_redelivery_asked_of_another_process_is_sent_without_waiting_for_a_poll(
    receiver: Receiver,
) -> None:
    """The projections worker sends; the process asked to redeliver only serves. Its
    NOTIFY wakes the worker's sender, whose next look would be a minute away."""
    with database_url("postgres") as url:
        async with (
            quick(url, poll_interval=60) as worker,
            quick(url, projections="worker", poll_interval=60) as serving,
        ):
            await gather_crew(worker)
            hook = (await add_webhook(worker, receiver.url))["webhook"]["id"]
            position = prioritize(worker, "Apple Pay", 1)
            receiver.wait_for(lambda got: len(got) >= 1)
            serving.tokens.update(worker.tokens)
            await serving.ok(
                REDELIVER, {"input": {"webhookId": hook, "fromPosition": position}}, "Ana"
            )

            receiver.wait_for(lambda got: len(got) >= 2, timeout=10)
            assert receiver.positions() == [position, position]


async def test_a_webhook_hears_only_the_types_it_listed(url: str, receiver: Receiver) -> None:
    async with quick(url) as api:
        await gather_crew(api)
        await add_webhook(api, receiver.url, types=["GoalSet"], format="SLACK")
        prioritize(api, "Apple Pay", 1)
        goal = await api.ok(
            "mutation($i: SetGoalInput!) { setGoal(input: $i) { decision { position } } }",
            {"i": {"productId": api.product_id, "title": "Fast payday"}},
            "Ana",
        )
        receiver.wait_for(lambda got: len(got) >= 1)
        (only,) = receiver.received
        assert only.json == {"text": "Ana (Product Owner) set the goal 'Fast payday'"}
        assert "x-tandem-signature" not in only.headers
        found = await until_deliveries(api, lambda ds: ds and ds[0]["status"] == "DELIVERED")
        assert [d["position"] for d in found] == [goal["setGoal"]["decision"]["position"]]


async def test_metrics_show_deliveries_by_outcome_and_each_webhooks_lag(
    url: str, receiver: Receiver
) -> None:
    receiver.answer = lambda r: 500
    async with quick(url, webhook_max_attempts=1) as api:
        await gather_crew(api)
        hook = (await add_webhook(api, receiver.url))["webhook"]["id"]
        prioritize(api, "Apple Pay", 1)
        await until_deliveries(api, lambda ds: ds and ds[0]["status"] == "FAILED")
        text = (await api.client.get("/metrics")).text
        assert 'tandem_webhook_deliveries{outcome="failed"} 1.0' in text
        assert f'tandem_webhook_lag_seconds{{webhook="{hook}"}} 0.0' in text
        assert f'tandem_webhook_pending{{webhook="{hook}"}} 0.0' in text
