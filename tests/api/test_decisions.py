"""The audit trail through GraphQL: newest first, filters, and a cursor that holds while
new decisions arrive."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.commands import AssignEngineer, EstimateItem, PrioritizeItem
from tests.api.harness import Api

DECISIONS = """query($id: ID!, $first: Int, $after: String, $filter: DecisionFilter) {
  product(id: $id) { decisions(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id position at type subjectId summary rationale role
      actor { name } changes { field before after } } } } } }"""


async def page(api: Api, as_: str = "Ana", **variables: object) -> dict[str, Any]:
    data = await api.ok(DECISIONS, {"id": api.product_id, **variables}, as_=as_)
    connection: dict[str, Any] = data["product"]["decisions"]
    return connection


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


async def test_decisions_come_newest_first_with_who_why_and_what_changed(api: Api) -> None:
    api.tandem.decide(
        api.actor("Ana"),
        PrioritizeItem(item_id=api.ids["Apple Pay"], rank=1, rationale="Holiday sales"),
    )
    await api.settled()
    latest = nodes(await page(api, first=1))[0]
    assert latest["type"] == "ItemPrioritized" and latest["role"] == "PRODUCT_OWNER"
    assert latest["actor"] == {"name": "Ana"} and latest["rationale"] == "Holiday sales"
    assert latest["summary"] == "Ana (Product Owner) moved 'Apple Pay' from #3 to #1"
    assert {"field": "rank", "before": "3", "after": "1"} in latest["changes"]
    everything = nodes(await page(api, first=500))
    positions = [n["position"] for n in everything]
    assert positions == sorted(positions, reverse=True) and len(everything) == 9
    instants = [datetime.fromisoformat(n["at"]) for n in everything]
    assert instants == sorted(instants, reverse=True)  # `at` never decreases with position


async def test_the_cursor_stays_put_while_new_decisions_arrive(api: Api) -> None:
    first = await page(api, first=3)
    api.tandem.decide(
        api.actor("Ana"),
        PrioritizeItem(item_id=api.ids["Apple Pay"], rank=1, rationale="Holiday sales"),
    )
    api.tandem.decide(api.actor("Ben"), EstimateItem(item_id=api.ids["SSO login"], points=3))
    await api.settled()
    rest = await page(api, first=500, after=first["pageInfo"]["endCursor"])
    seen = [n["position"] for n in nodes(first)] + [n["position"] for n in nodes(rest)]
    assert len(seen) == len(set(seen)) == 8  # the 8 older ones, none twice, none missed
    assert rest["totalCount"] == 10 and rest["pageInfo"]["hasNextPage"] is False
    assert first["pageInfo"]["hasNextPage"] is True


async def test_decisions_filter_by_actor_role_type_subject_and_time(api: Api) -> None:
    ben, apple = api.actor("Ben"), api.ids["Apple Pay"]
    api.tandem.decide(ben, EstimateItem(item_id=apple, points=8, rationale="Wallet certificates"))
    api.tandem.decide(ben, AssignEngineer(item_id=apple, member_id=api.ids["Cleo"], percent=40))
    await api.settled()
    by_ben = nodes(await page(api, filter={"actorId": api.ids["Ben"]}))
    assert [n["type"] for n in by_ben] == ["EngineerAssigned", "ItemEstimated"]
    by_role = await page(api, filter={"role": "ENGINEERING_MANAGER"})
    assert by_role["totalCount"] == 2
    by_type = nodes(await page(api, filter={"types": ["ItemProposed"]}))
    assert [n["subjectId"] for n in by_type] == [
        apple,
        api.ids["Guest checkout"],
        api.ids["SSO login"],
    ]
    assert (await page(api, filter={"types": []}))["totalCount"] == 0
    about_apple = await page(api, filter={"subjectId": apple})
    assert about_apple["totalCount"] == 3
    estimated = nodes(await page(api, filter={"types": ["ItemEstimated"]}))[0]
    at = datetime.fromisoformat(estimated["at"])
    window = await page(api, filter={"from": estimated["at"], "to": estimated["at"]})
    assert [n["type"] for n in nodes(window)] == ["ItemEstimated"]  # both ends inclusive
    after = await page(api, filter={"from": (at + timedelta(microseconds=1)).isoformat()})
    assert [n["type"] for n in nodes(after)] == ["EngineerAssigned"]
    both = await page(api, filter={"actorId": api.ids["Ben"], "types": ["ItemEstimated"]})
    assert both["totalCount"] == 1


async def test_filters_with_malformed_values_are_bad_input(api: Api) -> None:
    for bad in (
        {"actorId": "ben"},
        {"subjectId": "42"},
        {"from": "yesterday"},
        {"to": "2026-11-02T10:00:00"},
        {"types": ["X"] * 101},
    ):
        answer = await api.post(DECISIONS, {"id": api.product_id, "filter": bad}, as_="Ana")
        assert answer.code == "BAD_USER_INPUT", (bad, answer.body)
        assert answer.status == 200


async def test_an_unknown_decision_type_is_bad_input_naming_the_valid_ones(api: Api) -> None:
    answer = await api.post(
        DECISIONS,
        {"id": api.product_id, "filter": {"types": ["ItemPrioritized", "ItemMoved"]}},
        as_="Ana",
    )
    assert answer.code == "BAD_USER_INPUT" and answer.status == 200, answer.body
    error = answer.body["errors"][0]
    assert "'ItemMoved'" in error["message"] and "ItemPrioritized" in error["message"]
    assert "'ItemPrioritized'" not in error["message"]  # only the unknown one is named
    assert "EngineerAssigned" in error["extensions"]["validTypes"]
    assert answer.body.get("data") is None  # refused before anything ran
