"""Every decision through GraphQL: recorded, and read back from the views at once."""

from __future__ import annotations

from typing import Any

from tests.api.documents import mutation
from tests.api.harness import Api

ITEM = "query($id: ID!) { item(id: $id) { status rank version estimate } }"


async def decide(api: Api, operation: str, as_: str, **fields: Any) -> dict[str, Any]:
    data = await api.ok(mutation(operation), {"input": fields}, as_=as_)
    return data[operation]  # type: ignore[no-any-return]


async def test_the_administrator_registers_a_member_who_may_then_call(bare: Api) -> None:
    payload = await decide(bare, "registerMember", "admin", name="Ana", email="ana@tandem.example")
    assert payload["member"]["name"] == "Ana" and payload["token"].startswith("tdm_")
    viewer = await bare.ok("{ viewer { id name } }", as_=payload["token"])
    assert viewer == {"viewer": payload["member"]}


async def test_the_administrator_creates_a_product_and_grants_roles(bare: Api) -> None:
    ana = (await decide(bare, "registerMember", "admin", name="Ana", email="ana@tandem.example"))[
        "member"
    ]
    created = await decide(
        bare, "createProduct", "admin", name="Checkout", vision="Pay in one minute"
    )
    product = created["product"]
    assert (product["name"], product["backlogVersion"], product["members"]) == ("Checkout", 0, [])
    assert created["decision"]["type"] == "ProductCreated"
    assert created["decision"]["actor"] is None and created["decision"]["role"] is None
    granted = await decide(
        bare,
        "grantRole",
        "admin",
        productId=product["id"],
        memberId=ana["id"],
        role="PRODUCT_OWNER",
    )
    assert granted["product"]["members"] == [{"role": "PRODUCT_OWNER", "member": {"name": "Ana"}}]
    assert granted["decision"]["summary"] == (
        "The administrator granted Ana the Product Owner role"
    )
    again = await decide(
        bare,
        "grantRole",
        "admin",
        productId=product["id"],
        memberId=ana["id"],
        role="PRODUCT_OWNER",
    )
    assert again["decision"] is None  # already held: nothing recorded


async def test_the_product_owner_shapes_the_product_and_the_backlog(api: Api) -> None:
    vision = await decide(
        api,
        "defineVision",
        "Ana",
        productId=api.product_id,
        vision="Pay in thirty seconds",
        rationale="Mobile first",
    )
    assert vision["product"]["vision"] == "Pay in thirty seconds"
    assert vision["decision"]["summary"] == "Ana (Product Owner) redefined the product vision"
    goal = await decide(
        api, "setGoal", "Ana", productId=api.product_id, title="Conversion +5%", metric="conversion"
    )
    assert goal["product"]["goals"] == [{"title": "Conversion +5%"}]
    proposed = await decide(
        api,
        "proposeItem",
        "Ana",
        productId=api.product_id,
        title="Promo codes",
        kind="IMPROVEMENT",
        rationale="Campaign",
    )
    assert (proposed["item"]["rank"], proposed["item"]["status"]) == (4, "PROPOSED")
    assert proposed["decision"]["rationale"] == "Campaign"
    moved = await decide(
        api,
        "prioritizeItem",
        "Ana",
        itemId=proposed["item"]["id"],
        rank=1,
        rationale="Black Friday",
        expectedVersion=4,
    )
    assert moved["item"]["rank"] == 1
    assert moved["decision"]["summary"] == ("Ana (Product Owner) moved 'Promo codes' from #4 to #1")
    refined = await decide(
        api,
        "refineItem",
        "Ana",
        itemId=proposed["item"]["id"],
        description="Codes at checkout",
        acceptanceCriteria=["One per order"],
    )
    assert refined["item"]["acceptanceCriteria"] == ["One per order"]
    dropped = await decide(
        api, "dropItem", "Ana", itemId=api.ids["Guest checkout"], rationale="Nobody asked for it"
    )
    assert (dropped["item"]["status"], dropped["item"]["rank"]) == ("DROPPED", None)
    backlog = await api.ok(
        "query($id: ID!) { product(id: $id) { backlogVersion } }", {"id": api.product_id}, as_="Dev"
    )
    assert backlog["product"]["backlogVersion"] == 6  # read-your-writes, another caller


async def test_an_item_goes_from_proposed_to_accepted(api: Api) -> None:
    sso = api.ids["SSO login"]
    await decide(api, "refineItem", "Ana", itemId=sso, acceptanceCriteria=["Works with Okta"])
    estimated = await decide(
        api, "estimateItem", "Ben", itemId=sso, points=5, rationale="Two providers"
    )
    assert (estimated["item"]["status"], estimated["item"]["estimate"]) == ("READY", 5.0)
    assigned = await decide(
        api, "assignEngineer", "Ben", itemId=sso, memberId=api.ids["Cleo"], percent=60
    )
    assert assigned["item"]["assignments"] == [{"percent": 60, "member": {"name": "Cleo"}}]
    assert (await decide(api, "startItem", "Ben", itemId=sso))["item"]["status"] == ("IN_PROGRESS")
    assert (await decide(api, "completeItem", "Ben", itemId=sso))["item"]["status"] == "DONE"
    accepted = await decide(api, "acceptItem", "Ana", itemId=sso, rationale="Demoed")
    assert (accepted["item"]["status"], accepted["item"]["rank"]) == ("ACCEPTED", None)
    assert accepted["decision"]["type"] == "ItemAccepted"
    item = (await api.ok(ITEM, {"id": sso}, as_="Cleo"))["item"]
    assert item == {"status": "ACCEPTED", "rank": None, "version": 7, "estimate": 5.0}


async def test_the_engineering_manager_staffs_the_product(api: Api) -> None:
    capacity = await decide(
        api,
        "setCapacity",
        "Ben",
        productId=api.product_id,
        memberId=api.ids["Cleo"],
        percent=50,
        rationale="On call",
    )
    assert capacity["decision"]["type"] == "CapacitySet"
    apple = api.ids["Apple Pay"]
    await decide(api, "assignEngineer", "Ben", itemId=apple, memberId=api.ids["Cleo"], percent=70)
    unassigned = await decide(
        api,
        "unassignEngineer",
        "Ben",
        itemId=apple,
        memberId=api.ids["Cleo"],
        rationale="Moved to SSO",
    )
    assert unassigned["item"]["assignments"] == []
    assert unassigned["decision"]["type"] == "EngineerUnassigned"
    proposed = await decide(
        api,
        "proposeItem",
        "Ben",
        productId=api.product_id,
        title="Upgrade the payment SDK",
        kind="TECH_DEBT",
    )
    assert proposed["decision"]["role"] == "ENGINEERING_MANAGER"


async def test_a_mutation_after_another_in_one_document_sees_the_first(api: Api) -> None:
    data = await api.ok(
        """mutation($a: ID!, $s: ID!) {
      first: prioritizeItem(input: {itemId: $a, rank: 1, rationale: "Holiday"}) {
        item { rank } }
      second: prioritizeItem(input: {itemId: $s, rank: 1, rationale: "Pilot"}) {
        item { rank } }
      again: refineItem(input: {itemId: $a, description: "Wallet"}) { item { rank } } }""",
        {"a": api.ids["Apple Pay"], "s": api.ids["SSO login"]},
        as_="Ana",
    )
    assert data["first"]["item"]["rank"] == 1 and data["second"]["item"]["rank"] == 1
    assert data["again"]["item"]["rank"] == 2  # not the first answer, loaded before
