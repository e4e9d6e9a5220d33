"""Rejected decisions: conflicts and bad input, each recording nothing."""

from __future__ import annotations

from typing import Any

from domain.commands import DropItem
from tests.api.harness import Api
from tests.api.test_retries import send

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
    api.tandem.decide(
        api.actor("Ana"), DropItem(item_id=api.ids["Guest checkout"], rationale="Nobody asked")
    )
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
