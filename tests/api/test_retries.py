"""Idempotent retries: recorded once, answered the same; and counted once."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.api.documents import mutation
from tests.api.harness import Api, Reply


async def send(api: Api, operation: str, as_: str, **fields: Any) -> Reply:
    return await api.post(mutation(operation), {"input": fields}, as_=as_)


async def test_the_same_key_twice_records_once_and_answers_the_same(api: Api) -> None:
    apple = api.ids["Apple Pay"]
    first = await send(
        api,
        "prioritizeItem",
        "Ana",
        itemId=apple,
        rank=1,
        rationale="Holiday sales",
        idempotencyKey="move-apple-1",
    )
    head = api.head()
    second = await send(
        api,
        "prioritizeItem",
        "Ana",
        itemId=apple,
        rank=1,
        rationale="Holiday sales",
        idempotencyKey="move-apple-1",
    )
    assert first.body == second.body and not first.errors
    assert api.head() == head
    created = [
        await send(
            api,
            "createProduct",
            "admin",
            name="Billing",
            vision="Invoices",
            idempotencyKey="billing",
        )
        for _ in range(2)
    ]
    assert created[0].body == created[1].body and not created[0].errors


async def test_concurrent_retries_record_once(api: Api) -> None:
    head = api.head()
    replies = await asyncio.gather(
        *(
            send(
                api,
                "proposeItem",
                "Ben",
                productId=api.product_id,
                title="Upgrade the SDK",
                idempotencyKey="sdk",
            )
            for _ in range(4)
        )
    )
    assert all(not r.errors for r in replies), [r.body for r in replies]
    assert len({r.data["proposeItem"]["decision"]["id"] for r in replies}) == 1
    assert len({r.data["proposeItem"]["item"]["id"] for r in replies}) == 1
    backlog = await api.ok(
        "query($id: ID!) { product(id: $id) { backlog { totalCount } } }",
        {"id": api.product_id},
        as_="Ben",
    )
    assert backlog["product"]["backlog"]["totalCount"] == 4
    assert api.head() > head


async def test_a_key_reused_for_another_request_is_bad_input(api: Api) -> None:
    await send(
        api,
        "prioritizeItem",
        "Ana",
        itemId=api.ids["Apple Pay"],
        rank=1,
        rationale="Holiday sales",
        idempotencyKey="k1",
    )
    head = api.head()
    reused = await send(
        api,
        "prioritizeItem",
        "Ana",
        itemId=api.ids["Apple Pay"],
        rank=2,
        rationale="Holiday sales",
        idempotencyKey="k1",
    )
    assert reused.code == "BAD_USER_INPUT" and api.head() == head
    other = await send(
        api,
        "defineVision",
        "Ana",
        productId=api.product_id,
        vision="Fast",
        rationale="Why not",
        idempotencyKey="k1",
    )
    assert other.code == "BAD_USER_INPUT" and api.head() == head
    theirs = await send(
        api, "estimateItem", "Ben", itemId=api.ids["Apple Pay"], points=3, idempotencyKey="k1"
    )
    assert not theirs.errors  # keys are scoped per caller


async def test_recorded_decisions_are_counted_once_in_the_metrics(sqlite_api: Api) -> None:
    def counted() -> float:
        registry = sqlite_api.app.state.metrics.registry
        value = registry.get_sample_value(
            "tandem_decisions_recorded_total", {"type": "ItemPrioritized"}
        )
        return float(value or 0)

    before = counted()
    for _ in range(2):  # the retry replays: recorded, and counted, once
        await send(
            sqlite_api,
            "prioritizeItem",
            "Ana",
            itemId=sqlite_api.ids["Apple Pay"],
            rank=1,
            rationale="Holiday sales",
            idempotencyKey="count-me",
        )
    await send(
        sqlite_api,
        "prioritizeItem",
        "Ben",
        itemId=sqlite_api.ids["Apple Pay"],
        rank=2,
        rationale="Not mine to move",
    )
    assert counted() == before + 1
