"""Idempotent retries, optimistic concurrency, and rejected decisions recording nothing."""

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


async def test_a_stale_expected_version_is_a_conflict(api: Api) -> None:
    apple, sso = api.ids["Apple Pay"], api.ids["SSO login"]
    version = (
        await api.ok(
            "query($id: ID!) { product(id: $id) { backlogVersion } }",
            {"id": api.product_id},
            as_="Ana",
        )
    )["product"]["backlogVersion"]
    won = await send(
        api,
        "prioritizeItem",
        "Ana",
        itemId=apple,
        rank=1,
        rationale="Sales",
        expectedVersion=version,
    )
    assert not won.errors
    head = api.head()
    lost = await send(
        api, "prioritizeItem", "Ana", itemId=sso, rank=1, rationale="Pilot", expectedVersion=version
    )
    assert lost.code == "CONFLICT" and api.head() == head
    stale_item = await send(
        api, "refineItem", "Ana", itemId=sso, description="Okta", expectedVersion=0
    )
    assert stale_item.code == "CONFLICT" and api.head() == head


async def test_decisions_not_allowed_in_the_current_state_are_conflicts(api: Api) -> None:
    api.tandem.drop_item(api.actor("Ana"), api.ids["Guest checkout"], "Nobody asked")
    await api.settled()
    head = api.head()
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("acceptItem", "Ana", {"itemId": api.ids["SSO login"]}),
        (
            "prioritizeItem",
            "Ana",
            {"itemId": api.ids["Guest checkout"], "rank": 1, "rationale": "Back"},
        ),
        ("startItem", "Ben", {"itemId": api.ids["Apple Pay"]}),
        ("completeItem", "Ben", {"itemId": api.ids["Apple Pay"]}),
        ("unassignEngineer", "Ben", {"itemId": api.ids["Apple Pay"], "memberId": api.ids["Cleo"]}),
    ]
    for operation, as_, fields in cases:
        answer = await send(api, operation, as_, **fields)
        assert answer.code == "CONFLICT", (operation, answer.body)
    assert api.head() == head


BAD_INPUT: list[tuple[str, str, dict[str, Any]]] = [
    ("proposeItem", "Ana", {"title": "   "}),
    ("proposeItem", "Ana", {"title": "x" * 201}),
    ("prioritizeItem", "Ana", {"item": "Apple Pay", "rank": 0, "rationale": "Up"}),
    ("prioritizeItem", "Ana", {"item": "Apple Pay", "rank": 1, "rationale": ""}),
    ("dropItem", "Ana", {"item": "Apple Pay"}),
    ("defineVision", "Ana", {"vision": "Fast", "rationale": " "}),
    ("estimateItem", "Ben", {"item": "Apple Pay", "points": -1}),
    ("estimateItem", "Ben", {"item": "Apple Pay", "points": 1e9}),
    ("assignEngineer", "Ben", {"item": "Apple Pay", "member": "Cleo", "percent": 0}),
    ("assignEngineer", "Ben", {"item": "Apple Pay", "member": "Cleo", "percent": 101}),
    ("assignEngineer", "Ben", {"item": "Apple Pay", "member": "Eve", "percent": 50}),
    ("setCapacity", "Ben", {"member": "Cleo", "percent": 101}),
    ("prioritizeItem", "Ana", {"itemId": "apple-pay", "rank": 1, "rationale": "Up"}),
    ("grantRole", "admin", {"productId": "checkout", "member": "Eve", "role": "ENGINEER"}),
    ("proposeItem", "Ana", {"title": "SSO", "idempotencyKey": "k" * 201}),
    ("proposeItem", "Ana", {"title": "SSO", "idempotencyKey": ""}),
    ("setGoal", "Ana", {"title": "Q1", "targetDate": "2027-01-01T00:00:00"}),
    ("registerMember", "admin", {"name": "Zoe", "email": "not-an-address"}),
    ("createProduct", "admin", {"name": "", "vision": "x"}),
]


async def test_malformed_or_out_of_range_values_are_bad_input_and_record_nothing(
    api: Api,
) -> None:
    head = api.head()
    for operation, as_, given in BAD_INPUT:
        fields = dict(given)
        if operation in ("proposeItem", "defineVision", "setCapacity", "setGoal"):
            fields["productId"] = api.product_id
        for name in ("item", "member"):
            if name in fields:
                fields[f"{name}Id"] = api.ids[fields.pop(name)]
        answer = await send(api, operation, as_, **fields)
        assert answer.code == "BAD_USER_INPUT", (operation, given, answer.body)
        assert answer.errors[0]["message"] and "Traceback" not in answer.text
    assert api.head() == head


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
