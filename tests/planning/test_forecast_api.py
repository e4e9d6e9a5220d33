"""The forecast and the bottlenecks through GraphQL, live and asOf, on every backend."""

from __future__ import annotations

from typing import Any

from domain.commands import AssignEngineer, EstimateItem, RefineItem, StartItem
from tests.api.harness import Api
from tests.planning.documents import decide, estimate, finish, plan

FORECAST = """query($id: ID!, $v: Float, $at: DateTime) { product(id: $id) {
  forecast(velocity: $v, asOf: $at) { velocity basis
    items { item { title } cumulativePoints iterationsAway unestimated } } } }"""
BOTTLENECKS = """query($id: ID!, $at: DateTime) { product(id: $id) { bottlenecks(asOf: $at) {
  kind subjectId summary items { title } member { name } iteration { number } } } }"""


async def forecast(api: Api, velocity: float | None = None, at: str | None = None) -> Any:
    data = await api.ok(FORECAST, {"id": api.product_id, "v": velocity, "at": at}, as_="Dev")
    return data["product"]["forecast"]


def rows(found: Any) -> list[tuple[str, float, int | None]]:
    return [
        (i["item"]["title"], i["cumulativePoints"], i["iterationsAway"]) for i in found["items"]
    ]


async def test_the_forecast_follows_the_velocity_basis_in_order(api: Api) -> None:
    await estimate(api, "SSO login", 5)
    await estimate(api, "Apple Pay", 3)
    none = await forecast(api)
    assert (none["velocity"], none["basis"]) == (None, "NONE")
    assert rows(none) == [
        ("SSO login", 5, None),
        ("Guest checkout", 5, None),
        ("Apple Pay", 8, None),
    ]
    assert [i["unestimated"] for i in none["items"]] == [False, True, False]
    week = await plan(api, 0, capacity=4)
    planned = await forecast(api)
    assert (planned["velocity"], planned["basis"]) == (4, "PLANNED_CAPACITY")
    assert rows(planned) == [("SSO login", 5, 2), ("Guest checkout", 5, None), ("Apple Pay", 8, 2)]
    given = await forecast(api, velocity=8)
    assert (given["basis"], rows(given)[2]) == ("GIVEN", ("Apple Pay", 8, 1))
    refused = await api.post(FORECAST, {"id": api.product_id, "v": 0}, as_="Dev")
    assert refused.code == "BAD_USER_INPUT"
    at_planning = await _last_at(api)
    await decide(api, "proposeScope", "Ana", iterationId=week, itemIds=[api.ids["SSO login"]])
    await decide(
        api, "commitIteration", "Ben", iterationId=week, acceptOverload=True, rationale="Push"
    )
    await finish(api, "SSO login")
    await decide(api, "closeIteration", "Ben", iterationId=week)
    closed = await forecast(api)
    assert (closed["velocity"], closed["basis"]) == (5, "CLOSED_ITERATIONS")
    assert rows(closed) == [("Guest checkout", 0, None), ("Apple Pay", 3, 1)]
    then = await forecast(api, at=at_planning)
    assert then == planned


async def _last_at(api: Api) -> str:
    data = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions(first: 1) { edges { node { at } } } } }",
        {"id": api.product_id},
    )
    return str(data["product"]["decisions"]["edges"][0]["node"]["at"])


def started(api: Api, title: str, percent: int) -> None:
    item_id = api.ids[title]
    ben = api.actor("Ben")
    api.tandem.decide(ben, EstimateItem(item_id=item_id, points=3))
    api.tandem.decide(api.actor("Ana"), RefineItem(item_id=item_id, acceptance_criteria=["Ok"]))
    api.tandem.decide(
        ben, AssignEngineer(item_id=item_id, member_id=api.ids["Cleo"], percent=percent)
    )
    api.tandem.decide(ben, StartItem(item_id=item_id))


async def test_bottlenecks_list_every_kind_in_enum_order(api: Api) -> None:
    started(api, "SSO login", 60)
    started(api, "Guest checkout", 60)
    await api.settled()
    before = await _last_at(api)
    await decide(api, "setWipLimit", "Ben", productId=api.product_id, perEngineer=1)
    await decide(api, "blockItem", "Cleo", itemId=api.ids["Guest checkout"], rationale="No API key")
    await decide(
        api, "addDependency", "Ben", itemId=api.ids["SSO login"], dependsOnId=api.ids["Apple Pay"]
    )
    await estimate(api, "Apple Pay", 2)
    week = await plan(api, 0, capacity=4)
    await decide(
        api,
        "proposeScope",
        "Ana",
        iterationId=week,
        itemIds=[api.ids["Apple Pay"], api.ids["SSO login"]],
    )
    await decide(
        api, "commitIteration", "Ben", iterationId=week, acceptOverload=True, rationale="Go"
    )
    data = await api.ok(BOTTLENECKS, {"id": api.product_id}, as_="Dev")
    found = data["product"]["bottlenecks"]
    assert [(b["kind"], b["subjectId"]) for b in found] == [
        ("OVER_ALLOCATED", api.ids["Cleo"]),
        ("OVER_WIP_LIMIT", api.ids["Cleo"]),
        ("BLOCKED", api.ids["Guest checkout"]),
        ("DEPENDENCY_INVERSION", api.ids["SSO login"]),
        ("OVER_COMMITTED", week),
    ]
    assert found[1]["summary"] == "Cleo is assigned to 2 items in progress (limit 1)"
    assert found[1]["member"] == {"name": "Cleo"}
    assert found[3]["items"] == [{"title": "SSO login"}, {"title": "Apple Pay"}]
    assert found[4]["iteration"] == {"number": 1}
    assert found[4]["summary"] == (
        "iteration 1 ('Week 0') is committed to 5 points, 1 over its capacity of 4"
    )
    past = await api.ok(BOTTLENECKS, {"id": api.product_id, "at": before}, as_="Dev")
    assert [b["kind"] for b in past["product"]["bottlenecks"]] == ["OVER_ALLOCATED"]
