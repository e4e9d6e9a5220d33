"""Reading a product: people, goals, the backlog and its pages, items, the allocation."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

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

ITEM = """query($id: ID!) { item(id: $id) {
  id title description kind status rank estimate acceptanceCriteria version
  assignments { percent member { name } }
  history { type summary rationale actor { name } role } } }"""


def titles(data: dict[str, Any]) -> list[str]:
    return [e["node"]["title"] for e in data["product"]["backlog"]["edges"]]


async def test_a_member_reads_the_product_with_its_people_and_goals(api: Api) -> None:
    target = datetime(2027, 3, 31, 17, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    api.tandem.set_goal(api.actor("Ana"), api.product_id, "Checkout in 60s", "p95 seconds", target)
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
    billing = api.tandem.create_product(api.actor("admin"), "Billing", "Invoices").product_id
    api.tandem.grant_role(api.actor("admin"), billing, api.ids["Eve"], Role.PRODUCT_OWNER)
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
    api.tandem.drop_item(ana, api.ids["Guest checkout"], "Nobody asked for it")
    sso = api.ids["SSO login"]
    api.tandem.refine_item(ana, sso, acceptance_criteria=["Works with Okta"])
    api.tandem.estimate_item(ben, sso, 3)
    api.tandem.start_item(ben, sso)
    api.tandem.complete_item(ben, sso)
    api.tandem.accept_item(ana, sso)
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


async def test_an_item_shows_its_fields_assignments_and_history_oldest_first(api: Api) -> None:
    ana, ben, sso = api.actor("Ana"), api.actor("Ben"), api.ids["SSO login"]
    api.tandem.refine_item(ana, sso, "Sign in with Okta", ["Works with Okta", "Logs out"])
    api.tandem.estimate_item(ben, sso, 5.5, "Two providers")
    api.tandem.assign_engineer(ben, sso, api.ids["Cleo"], 60, "Knows SAML")
    await api.settled()
    item = (await api.ok(ITEM, {"id": sso}, as_="Dev"))["item"]
    assert item | {"history": None} == {
        "id": sso,
        "title": "SSO login",
        "description": "Sign in with Okta",
        "kind": "FEATURE",
        "status": "READY",
        "rank": 1,
        "estimate": 5.5,
        "acceptanceCriteria": ["Works with Okta", "Logs out"],
        "version": 4,
        "assignments": [{"percent": 60, "member": {"name": "Cleo"}}],
        "history": None,
    }
    assert [(d["type"], d["actor"]["name"], d["role"]) for d in item["history"]] == [
        ("ItemProposed", "Ana", "PRODUCT_OWNER"),
        ("ItemRefined", "Ana", "PRODUCT_OWNER"),
        ("ItemEstimated", "Ben", "ENGINEERING_MANAGER"),
        ("EngineerAssigned", "Ben", "ENGINEERING_MANAGER"),
    ]
    assert item["history"][3]["rationale"] == "Knows SAML"


async def test_the_allocation_shows_capacity_load_and_over_allocation(api: Api) -> None:
    ben, cleo = api.actor("Ben"), api.ids["Cleo"]
    api.tandem.set_capacity(ben, api.product_id, cleo, 80, "Half a day of support")
    api.tandem.assign_engineer(ben, api.ids["SSO login"], cleo, 60)
    api.tandem.assign_engineer(ben, api.ids["Apple Pay"], cleo, 30)
    await api.settled()
    data = await api.ok(
        """query($id: ID!) { product(id: $id) { allocation { members {
        member { name } capacityPercent allocatedPercent overAllocated
        items { title rank } } } } }""",
        {"id": api.product_id},
        as_="Cleo",
    )
    assert data["product"]["allocation"]["members"] == [
        {
            "member": {"name": "Cleo"},
            "capacityPercent": 80,
            "allocatedPercent": 90,
            "overAllocated": True,
            "items": [{"title": "SSO login", "rank": 1}, {"title": "Apple Pay", "rank": 3}],
        }
    ]


async def test_node_finds_products_items_members_and_decisions(api: Api) -> None:
    decision = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions(first: 1) { "
        "edges { node { id summary } } } } }",
        {"id": api.product_id},
        as_="Ana",
    )
    latest = decision["product"]["decisions"]["edges"][0]["node"]
    query = (
        "query($id: ID!) { node(id: $id) { __typename id ... on Product { name } "
        "... on BacklogItem { title } ... on Member { name } "
        "... on Decision { summary } } }"
    )
    expected = {
        api.product_id: ("Product", "Checkout"),
        api.ids["Apple Pay"]: ("BacklogItem", "Apple Pay"),
        api.ids["Ben"]: ("Member", "Ben"),
        latest["id"]: ("Decision", latest["summary"]),
    }
    for node_id, (kind, label) in expected.items():
        node = (await api.ok(query, {"id": node_id.upper()}, as_="Ana"))["node"]
        assert node["__typename"] == kind and node["id"] == node_id
        assert label in (node.get("name"), node.get("title"), node.get("summary"))


async def test_decisions_made_with_the_administrator_token_have_no_actor(api: Api) -> None:
    data = await api.ok(
        """query($id: ID!) { product(id: $id) {
        decisions(filter: {types: ["ProductCreated", "RoleGranted"]}) {
          totalCount edges { node { type actor { name } role subjectId summary } } } } }""",
        {"id": api.product_id},
        as_="Dev",
    )
    nodes = [e["node"] for e in data["product"]["decisions"]["edges"]]
    assert data["product"]["decisions"]["totalCount"] == 5
    assert all(n["actor"] is None and n["role"] is None for n in nodes)
    assert nodes[-1]["type"] == "ProductCreated" and nodes[-1]["subjectId"] == api.product_id
    assert nodes[0]["subjectId"] == api.ids["Dev"]  # RoleGranted is about the member
    assert nodes[0]["summary"] == "The administrator granted Dev the Stakeholder role"


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
