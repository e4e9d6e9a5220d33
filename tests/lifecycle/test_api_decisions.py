"""The lifecycle's mutations through GraphQL on every backend: payloads, subjects,
codes, and refusals recording nothing."""

from __future__ import annotations

from tests.api.harness import Api
from tests.lifecycle.graphql import decide, refused, set_goal

PRODUCT = "query($id: ID!) { product(id: $id) { name } }"


async def test_a_revoked_member_loses_read_access_at_once(api: Api) -> None:
    assert await api.ok(PRODUCT, {"id": api.product_id}, as_="Dev")
    payload = await decide(
        api,
        "revokeRole",
        "Ana",
        productId=api.product_id,
        memberId=api.ids["Dev"],
        role="STAKEHOLDER",
        rationale="Left the company",
    )
    decision = payload["decision"]
    assert (decision["type"], decision["subjectId"], decision["role"]) == (
        "RoleRevoked",
        api.ids["Dev"],
        "PRODUCT_OWNER",
    )
    assert decision["summary"] == "Ana (Product Owner) revoked Dev's Stakeholder role"
    assert "Dev" not in [m["member"]["name"] for m in payload["product"]["members"]]
    answer = await api.post(PRODUCT, {"id": api.product_id}, as_="Dev")
    assert answer.code == "FORBIDDEN"


async def test_revoking_a_role_not_held_answers_a_null_decision(api: Api) -> None:
    head = api.head()
    payload = await decide(
        api,
        "revokeRole",
        "Ana",
        productId=api.product_id,
        memberId=api.ids["Cleo"],
        role="STAKEHOLDER",
        rationale="Tidy up",
    )
    assert payload["decision"] is None and api.head() == head


async def test_revoking_the_last_product_owner_is_a_conflict(api: Api) -> None:
    await refused(
        api,
        "revokeRole",
        "admin",
        "CONFLICT",
        productId=api.product_id,
        memberId=api.ids["Ana"],
        role="PRODUCT_OWNER",
        rationale="Oops",
    )


async def test_goals_are_revised_closed_and_remember_their_history(api: Api) -> None:
    goal = await set_goal(api, metric="churn %", targetDate="2027-06-30T00:00:00+00:00")
    revised = await decide(
        api, "reviseGoal", "Ana", goalId=goal, title="Cut churn", rationale="Board"
    )
    assert (revised["goal"]["title"], revised["goal"]["metric"], revised["goal"]["version"]) == (
        "Cut churn",
        "churn %",
        2,
    )
    assert revised["decision"]["subjectId"] == goal
    cleared = await decide(api, "reviseGoal", "Ana", goalId=goal, metric=None, rationale="Vague")
    assert (cleared["goal"]["metric"], cleared["goal"]["targetDate"]) == (
        None,
        "2027-06-30T00:00:00+00:00",
    )
    achieved = await decide(
        api, "changeGoalStatus", "Ana", goalId=goal, status="ACHIEVED", rationale="Churn at 3%"
    )
    assert achieved["goal"]["status"] == "ACHIEVED" and achieved["goal"]["version"] == 4
    await refused(
        api,
        "changeGoalStatus",
        "Ana",
        "CONFLICT",
        goalId=goal,
        status="ACHIEVED",
        rationale="Again",
    )
    await refused(
        api, "changeGoalStatus", "Ben", "FORBIDDEN", goalId=goal, status="ABANDONED", rationale="No"
    )
    await refused(api, "reviseGoal", "Ana", "BAD_USER_INPUT", goalId=goal, rationale="Nothing")
    await refused(
        api,
        "reviseGoal",
        "Ana",
        "CONFLICT",
        goalId=goal,
        title="X",
        rationale="Old",
        expectedVersion=1,
    )
    history = await api.ok(
        "query($id: ID!) { product(id: $id) { goals { history { type subjectId } } } }",
        {"id": api.product_id},
        as_="Ana",
    )
    (goal_read,) = history["product"]["goals"]
    assert [d["type"] for d in goal_read["history"]] == [
        "GoalSet",
        "GoalRevised",
        "GoalRevised",
        "GoalStatusChanged",
    ]


async def test_an_unknown_or_malformed_goal(api: Api) -> None:
    await refused(
        api,
        "reviseGoal",
        "Ana",
        "NOT_FOUND",
        goalId="00000000-0000-4000-8000-000000000000",
        title="X",
        rationale="Y",
    )
    await refused(
        api, "reviseGoal", "Ana", "BAD_USER_INPUT", goalId="nope", title="X", rationale="Y"
    )


async def test_items_are_linked_to_goals_both_ways(api: Api) -> None:
    goal = await set_goal(api)
    sso, apple = api.ids["SSO login"], api.ids["Apple Pay"]
    for item in (apple, sso):
        payload = await decide(api, "setItemGoals", "Ana", itemId=item, goalIds=[goal])
    assert payload["item"]["goals"] == [{"id": goal, "title": "Halve churn"}]
    assert payload["decision"]["type"] == "ItemGoalsSet"
    read = await api.ok(
        "query($id: ID!) { product(id: $id) { goals { items { title } } } }",
        {"id": api.product_id},
        as_="Cleo",
    )
    assert read["product"]["goals"][0]["items"] == [{"title": "SSO login"}, {"title": "Apple Pay"}]
    await refused(
        api,
        "setItemGoals",
        "Ana",
        "BAD_USER_INPUT",
        itemId=sso,
        goalIds=["00000000-0000-4000-8000-000000000000"],
    )
    cleared = await decide(api, "setItemGoals", "Ana", itemId=sso, goalIds=[])
    assert cleared["item"]["goals"] == []


async def test_refining_title_and_kind_and_nothing(api: Api) -> None:
    sso = api.ids["SSO login"]
    payload = await decide(
        api, "refineItem", "Ana", itemId=sso, title="Okta SSO", kind="IMPROVEMENT"
    )
    assert (payload["item"]["title"], payload["item"]["kind"]) == ("Okta SSO", "IMPROVEMENT")
    await refused(api, "refineItem", "Ana", "BAD_USER_INPUT", itemId=sso, title="Okta SSO")
    await refused(api, "refineItem", "Ana", "BAD_USER_INPUT", itemId=sso)


async def test_rejected_then_accepted_and_dropped_then_restored(api: Api) -> None:
    sso = api.ids["SSO login"]
    await decide(api, "refineItem", "Ana", itemId=sso, acceptanceCriteria=["Okta works"])
    await api.ok(
        "mutation($i: EstimateItemInput!) { estimateItem(input: $i) { item { id } } }",
        {"i": {"itemId": sso, "points": 3}},
        as_="Ben",
    )
    await refused(api, "rejectItem", "Ana", "CONFLICT", itemId=sso, rationale="Not done")
    await decide(api, "startItem", "Ben", itemId=sso)
    await decide(api, "completeItem", "Ben", itemId=sso)
    await refused(api, "rejectItem", "Ana", "BAD_USER_INPUT", itemId=sso)
    rejected = await decide(api, "rejectItem", "Ana", itemId=sso, rationale="Fails on Safari")
    assert (rejected["item"]["status"], rejected["decision"]["type"]) == (
        "IN_PROGRESS",
        "ItemRejected",
    )
    apple = api.ids["Apple Pay"]
    await api.ok(
        "mutation($i: ItemDecisionInput!) { dropItem(input: $i) { item { id } } }",
        {"i": {"itemId": apple, "rationale": "Later"}},
        as_="Ana",
    )
    await refused(api, "restoreItem", "Ana", "CONFLICT", itemId=sso, rationale="Not dropped")
    restored = await decide(api, "restoreItem", "Ana", itemId=apple, rationale="Partner is back")
    assert (restored["item"]["status"], restored["item"]["rank"]) == ("PROPOSED", 3)


async def test_a_stakeholder_request_remembers_who_asked(api: Api) -> None:
    payload = await decide(
        api,
        "requestItem",
        "Dev",
        productId=api.product_id,
        title="Invoices as PDF",
        rationale="Finance",
    )
    item = payload["item"]
    assert (item["status"], item["rank"], item["requestedBy"]) == ("PROPOSED", 4, {"name": "Dev"})
    assert payload["decision"]["role"] == "STAKEHOLDER"
    await refused(
        api, "requestItem", "Eve", "FORBIDDEN", productId=api.product_id, title="X", rationale="Y"
    )
    await refused(
        api,
        "requestItem",
        "Dev",
        "BAD_USER_INPUT",
        productId=api.product_id,
        title="X",
        rationale="",
    )


async def test_the_assigned_engineer_starts_and_completes_her_work(api: Api) -> None:
    sso = api.ids["SSO login"]
    await decide(api, "refineItem", "Ana", itemId=sso, acceptanceCriteria=["Okta works"])
    await api.ok(
        "mutation($i: EstimateItemInput!) { estimateItem(input: $i) { item { id } } }",
        {"i": {"itemId": sso, "points": 3}},
        as_="Ben",
    )
    await refused(api, "startItem", "Cleo", "FORBIDDEN", itemId=sso)
    await api.ok(
        "mutation($i: AssignEngineerInput!) { assignEngineer(input: $i) { item { id } } }",
        {"i": {"itemId": sso, "memberId": api.ids["Cleo"], "percent": 50}},
        as_="Ben",
    )
    started = await decide(api, "startItem", "Cleo", itemId=sso)
    assert (started["decision"]["role"], started["item"]["status"]) == ("ENGINEER", "IN_PROGRESS")
    done = await decide(api, "completeItem", "Cleo", itemId=sso)
    assert (done["decision"]["role"], done["item"]["status"]) == ("ENGINEER", "DONE")
