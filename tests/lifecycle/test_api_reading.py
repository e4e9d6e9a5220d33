"""Product.items with its filter, and the whole graph asOf an instant, on every backend."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api
from tests.lifecycle.graphql import decide, set_goal

ITEMS = """query($id: ID!, $filter: ItemFilter, $asOf: DateTime) { product(id: $id) {
  items(filter: $filter, asOf: $asOf) { totalCount edges { node { title } } } } }"""


async def titles(api: Api, as_: str = "Ana", **filter: Any) -> list[str]:
    data = await api.ok(ITEMS, {"id": api.product_id, "filter": filter or None}, as_=as_)
    return [e["node"]["title"] for e in data["product"]["items"]["edges"]]


async def test_items_lists_every_status_and_filters_with_and(api: Api) -> None:
    sso, guest, apple = (api.ids[t] for t in ("SSO login", "Guest checkout", "Apple Pay"))
    goal = await set_goal(api)
    await decide(api, "setItemGoals", "Ana", itemId=apple, goalIds=[goal])
    await decide(api, "refineItem", "Ana", itemId=guest, kind="BUG", description="Guests PAY too")
    await api.ok(
        "mutation($i: ItemDecisionInput!) { dropItem(input: $i) { item { id } } }",
        {"i": {"itemId": sso, "rationale": "Later"}},
        as_="Ana",
    )
    await api.ok(
        "mutation($i: AssignEngineerInput!) { assignEngineer(input: $i) { item { id } } }",
        {"i": {"itemId": apple, "memberId": api.ids["Cleo"], "percent": 50}},
        as_="Ben",
    )
    await decide(
        api, "requestItem", "Dev", productId=api.product_id, title="Pay by link", rationale="Sales"
    )
    assert await titles(api) == ["Guest checkout", "Apple Pay", "Pay by link", "SSO login"]
    assert await titles(api, status=["DROPPED"]) == ["SSO login"]
    assert await titles(api, kinds=["BUG"]) == ["Guest checkout"]
    assert await titles(api, assigneeId=api.ids["Cleo"]) == ["Apple Pay"]
    assert await titles(api, goalId=goal) == ["Apple Pay"]
    assert await titles(api, search="pay") == ["Guest checkout", "Apple Pay", "Pay by link"]
    assert await titles(api, search="pay", kinds=["FEATURE"]) == ["Apple Pay", "Pay by link"]
    assert await titles(api, search="%") == []
    answer = await api.post(ITEMS, {"id": api.product_id, "filter": {"goalId": "x"}}, as_="Ana")
    assert answer.code == "BAD_USER_INPUT"


AS_OF = """query($id: ID!, $at: DateTime!) { product(id: $id) { asOf(at: $at) {
  name vision members { role member { name } }
  goals { title status version items { title } history { type } }
  backlog { edges { node { title status rank goals { title } requestedBy { name } } } }
  items { edges { node { title } } }
  decisions { edges { node { type } } }
} } }"""


async def snapshot(api: Api, at: str) -> Any:
    return (await api.ok(AS_OF, {"id": api.product_id, "at": at}, as_="Ana"))["product"]["asOf"]


async def test_the_whole_product_travels_in_time(api: Api) -> None:
    goal = await set_goal(api)
    linked = await decide(api, "setItemGoals", "Ana", itemId=api.ids["Apple Pay"], goalIds=[goal])
    then = linked["decision"]["at"]
    before = await snapshot(api, then)
    await decide(api, "changeGoalStatus", "Ana", goalId=goal, status="ACHIEVED", rationale="Done")
    await decide(api, "setItemGoals", "Ana", itemId=api.ids["Apple Pay"], goalIds=[])
    await decide(api, "refineItem", "Ana", itemId=api.ids["SSO login"], title="Okta SSO")
    await decide(
        api,
        "revokeRole",
        "Ana",
        productId=api.product_id,
        memberId=api.ids["Dev"],
        role="STAKEHOLDER",
        rationale="Left",
    )
    await decide(
        api, "requestItem", "Cleo", productId=api.product_id, title="Logs", rationale="Ops"
    )
    assert await snapshot(api, then) == before
    (past_goal,) = before["goals"]
    assert (past_goal["status"], past_goal["version"], past_goal["items"]) == (
        "ACTIVE",
        1,
        [{"title": "Apple Pay"}],
    )
    assert [d["type"] for d in past_goal["history"]] == ["GoalSet"]
    assert "Dev" in [m["member"]["name"] for m in before["members"]]
    assert [e["node"]["title"] for e in before["items"]["edges"]] == [
        "SSO login",
        "Guest checkout",
        "Apple Pay",
    ]
    assert before["decisions"]["edges"][0]["node"]["type"] == "ItemGoalsSet"
    now = await api.ok(
        "query($id: ID!) { product(id: $id) { goals { status version items { title } } } }",
        {"id": api.product_id},
        as_="Ana",
    )
    assert now["product"]["goals"] == [{"status": "ACHIEVED", "version": 2, "items": []}]


async def test_a_product_or_item_before_it_existed_is_null(api: Api) -> None:
    early = "2000-01-01T00:00:00+00:00"
    assert await snapshot(api, early) is None
    data = await api.ok(
        "query($id: ID!, $at: DateTime!) { item(id: $id) { asOf(at: $at) { title } } }",
        {"id": api.ids["SSO login"], "at": early},
        as_="Ana",
    )
    assert data["item"]["asOf"] is None


async def test_an_item_as_it_stood_then(api: Api) -> None:
    sso = api.ids["SSO login"]
    first = await decide(api, "refineItem", "Ana", itemId=sso, title="Okta SSO")
    await decide(api, "refineItem", "Ana", itemId=sso, title="SAML SSO", kind="SPIKE")
    data = await api.ok(
        """query($id: ID!, $at: DateTime!) { item(id: $id) { title
          asOf(at: $at) { title kind version history { type } } } }""",
        {"id": sso, "at": first["decision"]["at"]},
        as_="Cleo",
    )
    assert data["item"]["title"] == "SAML SSO"
    assert data["item"]["asOf"] == {
        "title": "Okta SSO",
        "kind": "FEATURE",
        "version": 2,
        "history": [{"type": "ItemProposed"}, {"type": "ItemRefined"}],
    }
