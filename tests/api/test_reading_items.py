"""Reading items, the allocation, any node by id, and the administrator's decisions."""

from __future__ import annotations

from domain.commands import AssignEngineer, EstimateItem, RefineItem, SetCapacity
from tests.api.harness import Api

ITEM = """query($id: ID!) { item(id: $id) {
  id title description kind status rank estimate acceptanceCriteria version
  assignments { percent member { name } }
  history { type summary rationale actor { name } role } } }"""


async def test_an_item_shows_its_fields_assignments_and_history_oldest_first(api: Api) -> None:
    ana, ben, sso = api.actor("Ana"), api.actor("Ben"), api.ids["SSO login"]
    api.tandem.decide(
        ana,
        RefineItem(
            item_id=sso,
            description="Sign in with Okta",
            acceptance_criteria=["Works with Okta", "Logs out"],
        ),
    )
    api.tandem.decide(ben, EstimateItem(item_id=sso, points=5.5, rationale="Two providers"))
    api.tandem.decide(
        ben,
        AssignEngineer(item_id=sso, member_id=api.ids["Cleo"], percent=60, rationale="Knows SAML"),
    )
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
    api.tandem.decide(
        ben,
        SetCapacity(
            product_id=api.product_id, member_id=cleo, percent=80, rationale="Half a day of support"
        ),
    )
    api.tandem.decide(ben, AssignEngineer(item_id=api.ids["SSO login"], member_id=cleo, percent=60))
    api.tandem.decide(ben, AssignEngineer(item_id=api.ids["Apple Pay"], member_id=cleo, percent=30))
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
