"""Reading a product: people, goals, the backlog and its pages, items, the allocation."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from domain.commands import (
    AcceptItem,
    CompleteItem,
    CreateProduct,
    DropItem,
    EstimateItem,
    GrantRole,
    RefineItem,
    SetGoal,
    StartItem,
)
from domain.vocabulary import Role
from tests.api.harness import Api

PRODUCT = """query($id: ID!) { product(id: $id) {
  id name vision backlogVersion
  members { role member { id name } }
  goals { id title metric targetDate status } } }"""

BACKLOG = """query($id: ID!, $first: Int, $after: String, $status: [ItemStatus!]) {
  product(id: $id) { backlog(first: $first, after: $after, status: $status) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { title rank status } } } } }"""


def titles(data: dict[str, Any]) -> list[str]:
    return [e["node"]["title"] for e in data["product"]["backlog"]["edges"]]


async def test_a_member_reads_the_product_with_its_people_and_goals(api: Api) -> None:
    target = datetime(2027, 3, 31, 17, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    api.tandem.decide(
        api.actor("Ana"),
        SetGoal(
            product_id=api.product_id,
            title="Checkout in 60s",
            metric="p95 seconds",
            target_date=target,
        ),
    )
    await api.settled()
    data = await api.ok(PRODUCT, {"id": api.product_id}, as_="Dev")
    product = data["product"]
    assert (product["name"], product["vision"], product["backlogVersion"]) == (
        "Checkout",
        "Pay in one minute",
        3,
    )
    assert {(m["member"]["name"], m["role"]) for m in product["members"]} == {
        ("Ana", "PRODUCT_OWNER"),
        ("Ben", "ENGINEERING_MANAGER"),
        ("Cleo", "ENGINEER"),
        ("Dev", "STAKEHOLDER"),
    }
    goal = product["goals"][0]
    assert (goal["title"], goal["metric"], goal["status"]) == (
        "Checkout in 60s",
        "p95 seconds",
        "ACTIVE",
    )
    assert datetime.fromisoformat(goal["targetDate"]) == target  # exact, microseconds too
    assert goal["targetDate"].endswith("+00:00")


async def test_products_are_the_callers_own_and_all_of_them_for_the_administrator(
    api: Api,
) -> None:
    billing = api.tandem.decide(
        api.actor("admin"), CreateProduct(name="Billing", vision="Invoices")
    ).product_id
    api.tandem.decide(
        api.actor("admin"),
        GrantRole(product_id=billing, member_id=api.ids["Eve"], role=Role.PRODUCT_OWNER),
    )
    await api.settled()
    query = "{ products { name } }"
    assert await api.ok(query, as_="Ana") == {"products": [{"name": "Checkout"}]}
    assert await api.ok(query, as_="Eve") == {"products": [{"name": "Billing"}]}
    assert await api.ok(query, as_="admin") == {
        "products": [{"name": "Billing"}, {"name": "Checkout"}]
    }


async def test_the_viewer_is_the_caller_and_null_for_the_administrator(api: Api) -> None:
    assert await api.ok("{ viewer { id name } }", as_="Cleo") == {
        "viewer": {"id": api.ids["Cleo"], "name": "Cleo"}
    }
    assert await api.ok("{ viewer { id } }", as_="admin") == {"viewer": None}


async def test_the_backlog_pages_in_rank_order_with_opaque_cursors(api: Api) -> None:
    first = await api.ok(BACKLOG, {"id": api.product_id, "first": 2}, as_="Cleo")
    backlog = first["product"]["backlog"]
    assert titles(first) == ["SSO login", "Guest checkout"]
    assert [e["node"]["rank"] for e in backlog["edges"]] == [1, 2]
    assert backlog["totalCount"] == 3 and backlog["pageInfo"]["hasNextPage"] is True
    cursor = backlog["pageInfo"]["endCursor"]
    assert cursor == backlog["edges"][-1]["cursor"]
    base64.urlsafe_b64decode(cursor)  # opaque to clients, but ours to read back
    rest = await api.ok(BACKLOG, {"id": api.product_id, "first": 2, "after": cursor}, as_="Cleo")
    assert titles(rest) == ["Apple Pay"]
    assert rest["product"]["backlog"]["pageInfo"] == {
        "hasNextPage": False,
        "endCursor": rest["product"]["backlog"]["edges"][0]["cursor"],
    }
    assert rest["product"]["backlog"]["totalCount"] == 3
    empty = await api.ok(BACKLOG, {"id": api.product_id, "first": 0}, as_="Cleo")
    assert empty["product"]["backlog"]["pageInfo"] == {"hasNextPage": True, "endCursor": None}


async def test_dropped_and_accepted_items_show_only_when_asked_by_status(api: Api) -> None:
    ana, ben = api.actor("Ana"), api.actor("Ben")
    api.tandem.decide(
        ana, DropItem(item_id=api.ids["Guest checkout"], rationale="Nobody asked for it")
    )
    sso = api.ids["SSO login"]
    api.tandem.decide(ana, RefineItem(item_id=sso, acceptance_criteria=["Works with Okta"]))
    api.tandem.decide(ben, EstimateItem(item_id=sso, points=3))
    api.tandem.decide(ben, StartItem(item_id=sso))
    api.tandem.decide(ben, CompleteItem(item_id=sso))
    api.tandem.decide(ana, AcceptItem(item_id=sso))
    await api.settled()
    active = await api.ok(BACKLOG, {"id": api.product_id}, as_="Ana")
    assert titles(active) == ["Apple Pay"]
    asked = await api.ok(
        BACKLOG, {"id": api.product_id, "status": ["ACCEPTED", "DROPPED", "PROPOSED"]}, as_="Ana"
    )
    nodes = [e["node"] for e in asked["product"]["backlog"]["edges"]]
    assert [(n["title"], n["rank"], n["status"]) for n in nodes] == [
        ("Apple Pay", 1, "PROPOSED"),
        ("SSO login", None, "ACCEPTED"),
        ("Guest checkout", None, "DROPPED"),
    ]
    none = await api.ok(BACKLOG, {"id": api.product_id, "status": []}, as_="Ana")
    assert none["product"]["backlog"]["totalCount"] == 0


async def test_page_sizes_and_cursors_are_checked(api: Api) -> None:
    for first in (501, -1, 10**6):
        answer = await api.post(BACKLOG, {"id": api.product_id, "first": first}, as_="Ana")
        assert answer.code == "BAD_USER_INPUT", answer.body
    assert await api.ok(BACKLOG, {"id": api.product_id, "first": 500}, as_="Ana")
    decisions = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions(first: 1) { pageInfo { endCursor } } } }",
        {"id": api.product_id},
        as_="Ana",
    )
    foreign = decisions["product"]["decisions"]["pageInfo"]["endCursor"]
    for cursor in ("not-a-cursor", "", "YmFja2xvZzotMQ==", foreign, "%%%"):
        answer = await api.post(BACKLOG, {"id": api.product_id, "after": cursor}, as_="Ana")
        assert answer.code == "BAD_USER_INPUT", (cursor, answer.body)


async def test_datetimes_round_trip_to_the_microsecond(api: Api) -> None:
    at = datetime(2026, 12, 1, 8, 15, 30, 654321, tzinfo=UTC)
    data = await api.ok(
        """mutation($p: ID!, $at: DateTime) { setGoal(input: {
        productId: $p, title: "Ship by winter", targetDate: $at}) {
        product { goals { targetDate } } } }""",
        {"p": api.product_id, "at": "2026-12-01T10:15:30.654321+02:00"},
        as_="Ana",
    )
    assert data["setGoal"]["product"]["goals"][0]["targetDate"] == at.isoformat()
