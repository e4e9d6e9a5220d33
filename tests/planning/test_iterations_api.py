"""Iterations through GraphQL on every backend: the two-party commitment and its rules."""

from __future__ import annotations

from tests.api.harness import Api
from tests.planning.documents import decide, estimate, finish, plan, refused


async def test_the_po_proposes_the_em_commits_and_closing_splits_delivered_from_carried(
    api: Api,
) -> None:
    week = await plan(api, 0, capacity=10)
    sso, guest = await estimate(api, "SSO login", 5), await estimate(api, "Guest checkout", 3)
    proposed = await decide(api, "proposeScope", "Ana", iterationId=week, itemIds=[guest, sso])
    iteration = proposed["iteration"]
    assert [i["title"] for i in iteration["proposedScope"]] == ["SSO login", "Guest checkout"]
    assert (iteration["status"], iteration["committedScope"], iteration["commitment"]) == (
        "PLANNED",
        [],
        None,
    )
    assert iteration["proposal"] == {"type": "IterationScopeProposed", "actor": {"name": "Ana"}}
    assert proposed["decision"]["subjectId"] == week
    committed = await decide(
        api, "commitIteration", "Ben", iterationId=week, expectedVersion=iteration["version"]
    )
    iteration = committed["iteration"]
    assert (iteration["status"], iteration["committedPoints"]) == ("COMMITTED", 8)
    assert [i["title"] for i in iteration["committedScope"]] == ["SSO login", "Guest checkout"]
    assert iteration["commitment"]["type"] == "IterationCommitted"
    assert committed["decision"]["summary"] == (
        "Ben (Engineering Manager) committed iteration 1 'Week 0' to 8 points"
    )
    await finish(api, "SSO login")
    closed = (await decide(api, "closeIteration", "Ben", iterationId=week))["iteration"]
    assert (closed["status"], closed["deliveredPoints"]) == ("CLOSED", 5)
    assert [i["title"] for i in closed["carriedOver"]] == ["Guest checkout"]
    assert [d["type"] for d in closed["history"]] == [
        "IterationPlanned",
        "IterationScopeProposed",
        "IterationCommitted",
        "IterationClosed",
    ]


async def test_proposing_again_after_the_commitment_needs_a_rationale_and_reopens_it(
    api: Api,
) -> None:
    week = await plan(api, 0)
    sso = await estimate(api, "SSO login", 3)
    await decide(api, "proposeScope", "Ana", iterationId=week, itemIds=[sso])
    await decide(api, "commitIteration", "Ben", iterationId=week)
    message = await refused(
        api, "proposeScope", "Ana", "BAD_USER_INPUT", iterationId=week, itemIds=[]
    )
    assert "rationale" in message
    again = await decide(
        api, "proposeScope", "Ana", iterationId=week, itemIds=[], rationale="Legal said no"
    )
    iteration = again["iteration"]
    assert (iteration["status"], iteration["commitment"], iteration["committedScope"]) == (
        "PLANNED",
        None,
        [],
    )
    assert iteration["committedPoints"] == 0


async def test_planning_rules_are_refused_with_their_codes(api: Api) -> None:
    await plan(api, 1)
    base = {"productId": api.product_id, "name": "Overlap", "capacityPoints": 5}
    after = {"startsAt": "2026-11-09T09:00:00Z", "endsAt": "2026-11-10T09:00:00Z"}
    message = await refused(
        api,
        "planIteration",
        "Ben",
        "BAD_USER_INPUT",
        **base,
        **after | {"endsAt": after["startsAt"]},
    )
    assert "endsAt" in message
    inside = {"startsAt": "2026-11-12T09:00:00Z", "endsAt": "2026-11-20T09:00:00Z"}
    assert "overlaps iteration 1" in await refused(
        api, "planIteration", "Ben", "BAD_USER_INPUT", **base, **inside
    )
    negative = {**base, "capacityPoints": -1}
    await refused(api, "planIteration", "Ben", "BAD_USER_INPUT", **negative, **after)
    await refused(api, "planIteration", "Ana", "FORBIDDEN", **base, **after)
    # Half-open: one may start when the previous ends.
    touching = {"startsAt": "2026-11-16T09:00:00Z", "endsAt": "2026-11-23T09:00:00Z"}
    planned = await decide(api, "planIteration", "Ben", **base, **touching)
    assert planned["iteration"]["number"] == 2


async def test_scope_rules_are_refused_with_their_codes(api: Api) -> None:
    week = await plan(api, 0, capacity=4)
    sso, guest = api.ids["SSO login"], api.ids["Guest checkout"]
    await refused(api, "proposeScope", "Ben", "FORBIDDEN", iterationId=week, itemIds=[sso])
    twice = await refused(
        api, "proposeScope", "Ana", "BAD_USER_INPUT", iterationId=week, itemIds=[sso, sso]
    )
    assert "more than once" in twice
    stranger = "00000000-0000-4000-8000-000000000000"
    await refused(api, "proposeScope", "Ana", "NOT_FOUND", iterationId=week, itemIds=[stranger])
    await finish(api, "Apple Pay")
    done = await refused(
        api, "proposeScope", "Ana", "CONFLICT", iterationId=week, itemIds=[api.ids["Apple Pay"]]
    )
    assert "DONE" in done
    assert "empty" in await refused(api, "commitIteration", "Ben", "CONFLICT", iterationId=week)
    await decide(api, "proposeScope", "Ana", iterationId=week, itemIds=[sso, guest])
    assert "'SSO login' is not estimated" in await refused(
        api, "commitIteration", "Ben", "CONFLICT", iterationId=week
    )
    await estimate(api, "SSO login", 3)
    await estimate(api, "Guest checkout", 2)
    over = await refused(api, "commitIteration", "Ben", "CONFLICT", iterationId=week)
    assert "1 over the capacity of 4" in over
    await refused(
        api, "commitIteration", "Ben", "BAD_USER_INPUT", iterationId=week, acceptOverload=True
    )
    await refused(api, "commitIteration", "Ben", "CONFLICT", iterationId=week, expectedVersion=1)
    await refused(api, "closeIteration", "Ben", "CONFLICT", iterationId=week)
    committed = await decide(
        api, "commitIteration", "Ben", iterationId=week, acceptOverload=True, rationale="Crunch"
    )
    assert committed["iteration"]["commitment"]["rationale"] == "Crunch"
    await refused(api, "commitIteration", "Ben", "CONFLICT", iterationId=week)
    await refused(api, "closeIteration", "Ana", "FORBIDDEN", iterationId=week)
    await decide(api, "closeIteration", "Ben", iterationId=week)
    await refused(api, "proposeScope", "Ana", "CONFLICT", iterationId=week, itemIds=[sso])
    await refused(api, "closeIteration", "Ben", "CONFLICT", iterationId=week)
    await refused(
        api, "setIterationCapacity", "Ben", "CONFLICT", iterationId=week, capacityPoints=9
    )


async def test_the_em_sets_capacity_against_the_iteration_version(api: Api) -> None:
    week = await plan(api, 0, capacity=10)
    changed = await decide(
        api, "setIterationCapacity", "Ben", iterationId=week, capacityPoints=12, expectedVersion=1
    )
    assert (changed["iteration"]["capacityPoints"], changed["iteration"]["version"]) == (12, 2)
    await refused(
        api,
        "setIterationCapacity",
        "Ben",
        "CONFLICT",
        iterationId=week,
        capacityPoints=8,
        expectedVersion=1,
    )
    unknown = "00000000-0000-4000-8000-000000000000"
    await refused(
        api, "setIterationCapacity", "Ben", "NOT_FOUND", iterationId=unknown, capacityPoints=8
    )
    node = await api.ok(
        "query($id: ID!) { node(id: $id) { ... on Iteration { number capacityPoints } } }",
        {"id": week},
        as_="Dev",
    )
    assert node == {"node": {"number": 1, "capacityPoints": 12}}
    answer = await api.post("query($id: ID!) { node(id: $id) { id } }", {"id": week}, as_="Eve")
    assert answer.code == "FORBIDDEN"
