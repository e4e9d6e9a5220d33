"""asOf and retrospectives through GraphQL: items read in the past show the past."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    DropItem,
    EstimateItem,
    PrioritizeItem,
    RefineItem,
    StartItem,
    UnassignEngineer,
)
from tests.api.harness import Api

AS_OF = """query($p: ID!, $at: DateTime, $status: [ItemStatus!]) { product(id: $p) {
  backlog(asOf: $at, status: $status) { totalCount edges { node {
    title rank status estimate version assignments { percent member { name } }
    history { type } } } }
  allocation(asOf: $at) { members { member { name } allocatedPercent
    items { title status estimate } } } } }"""
LATEST_AT = """query($p: ID!) { product(id: $p) { decisions(first: 1) { edges { node {
  at } } } } }"""


async def latest_at(api: Api) -> str:
    data = await api.ok(LATEST_AT, {"p": api.product_id}, as_="Ana")
    return str(data["product"]["decisions"]["edges"][0]["node"]["at"])


async def test_the_backlog_and_allocation_as_they_stood(api: Api) -> None:
    ana, ben = api.actor("Ana"), api.actor("Ben")
    apple, sso = api.ids["Apple Pay"], api.ids["SSO login"]
    api.tandem.decide(ben, EstimateItem(item_id=apple, points=3))
    api.tandem.decide(ben, AssignEngineer(item_id=apple, member_id=api.ids["Cleo"], percent=40))
    await api.settled()
    then = await latest_at(api)
    api.tandem.decide(ben, EstimateItem(item_id=apple, points=8, rationale="Wallet certificates"))
    api.tandem.decide(ana, PrioritizeItem(item_id=apple, rank=1, rationale="Holiday sales"))
    api.tandem.decide(ben, UnassignEngineer(item_id=apple, member_id=api.ids["Cleo"]))
    api.tandem.decide(ana, DropItem(item_id=sso, rationale="Not this quarter"))
    await api.settled()

    past = (await api.ok(AS_OF, {"p": api.product_id, "at": then}, as_="Dev"))["product"]
    nodes = [e["node"] for e in past["backlog"]["edges"]]
    assert [(n["title"], n["rank"]) for n in nodes] == [
        ("SSO login", 1),
        ("Guest checkout", 2),
        ("Apple Pay", 3),
    ]
    apple_then = nodes[2]
    assert (apple_then["estimate"], apple_then["version"]) == (3.0, 3)
    assert apple_then["assignments"] == [{"percent": 40, "member": {"name": "Cleo"}}]
    assert [d["type"] for d in apple_then["history"]] == [
        "ItemProposed",
        "ItemEstimated",
        "EngineerAssigned",
    ]  # nothing after `then`
    assert past["allocation"]["members"] == [
        {
            "member": {"name": "Cleo"},
            "allocatedPercent": 40,
            "items": [{"title": "Apple Pay", "status": "PROPOSED", "estimate": 3.0}],
        }
    ]

    now = (await api.ok(AS_OF, {"p": api.product_id, "at": None}, as_="Dev"))["product"]
    assert [e["node"]["title"] for e in now["backlog"]["edges"]] == ["Apple Pay", "Guest checkout"]
    assert now["allocation"]["members"] == [
        {"member": {"name": "Cleo"}, "allocatedPercent": 0, "items": []}
    ]


async def test_as_of_before_the_product_existed_is_empty(api: Api) -> None:
    first = datetime.fromisoformat(await latest_at(api)) - timedelta(days=365)
    data = await api.ok(AS_OF, {"p": api.product_id, "at": first.isoformat()}, as_="Ana")
    assert data["product"]["backlog"] == {"totalCount": 0, "edges": []}
    assert data["product"]["allocation"] == {"members": []}


async def test_a_retrospective_of_a_window(api: Api) -> None:
    start = await latest_at(api)
    ana, apple = api.actor("Ana"), api.ids["Apple Pay"]
    api.tandem.decide(ana, PrioritizeItem(item_id=apple, rank=1, rationale="Holiday sales"))
    api.tandem.decide(api.actor("Ben"), EstimateItem(item_id=apple, points=5))
    await api.settled()
    end = await latest_at(api)
    data = await api.ok(
        """query($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) {
      retrospective(from: $from, to: $to) { from to decisionCount
        decisionsByRole { role count }
        rankChanges { fromRank toRank item { title rank } }
        accepted { title } } } }""",
        {"p": api.product_id, "from": start, "to": end},
        as_="Cleo",
    )
    retro = data["product"]["retrospective"]
    assert (retro["from"], retro["to"], retro["decisionCount"]) == (start, end, 2)
    assert sorted((r["role"], r["count"]) for r in retro["decisionsByRole"]) == [
        ("ENGINEERING_MANAGER", 1),
        ("PRODUCT_OWNER", 1),
    ]
    assert [(c["item"]["title"], c["fromRank"], c["toRank"]) for c in retro["rankChanges"]] == [
        ("Apple Pay", 3, 1),
        ("SSO login", 1, 2),
        ("Guest checkout", 2, 3),
    ]
    assert retro["accepted"] == []
    backwards = await api.post(
        """query($p: ID!, $from: DateTime!, $to: DateTime!) {
      product(id: $p) { retrospective(from: $from, to: $to) { decisionCount } } }""",
        {"p": api.product_id, "from": end, "to": start},
        as_="Cleo",
    )
    assert backwards.code == "BAD_USER_INPUT"


async def test_the_retrospective_shows_churn_estimates_unfinished_work_and_cycle_times(
    api: Api,
) -> None:
    ana, ben = api.actor("Ana"), api.actor("Ben")
    apple, sso = api.ids["Apple Pay"], api.ids["SSO login"]
    start = await latest_at(api)
    api.tandem.decide(ana, PrioritizeItem(item_id=apple, rank=1, rationale="Holiday sales"))
    api.tandem.decide(ana, PrioritizeItem(item_id=apple, rank=2, rationale="The pilot comes first"))
    api.tandem.decide(ben, EstimateItem(item_id=apple, points=3))
    api.tandem.decide(ben, EstimateItem(item_id=apple, points=5, rationale="Wallet certificates"))
    api.tandem.decide(ana, RefineItem(item_id=sso, acceptance_criteria=["Works with Okta"]))
    api.tandem.decide(ben, EstimateItem(item_id=sso, points=8))
    api.tandem.decide(ben, StartItem(item_id=sso))
    api.tandem.decide(ben, CompleteItem(item_id=sso))
    api.tandem.decide(ana, AcceptItem(item_id=sso))
    api.tandem.decide(ana, RefineItem(item_id=apple, acceptance_criteria=["Safari and iOS"]))
    api.tandem.decide(ben, StartItem(item_id=apple))
    await api.settled()
    end = await latest_at(api)
    data = await api.ok(
        """query($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) {
      retrospective(from: $from, to: $to) {
        churn { moves rationales actors { name } item { title } }
        estimateChanges { first last estimates item { title } }
        startedNotCompleted { title status }
        cycleTimes { readyAt acceptedAt seconds item { title } } } } }""",
        {"p": api.product_id, "from": start, "to": end},
        as_="Dev",
    )
    retro = data["product"]["retrospective"]
    assert retro["churn"] == [
        {
            "moves": 2,
            "rationales": ["Holiday sales", "The pilot comes first"],
            "actors": [{"name": "Ana"}],
            "item": {"title": "Apple Pay"},
        }
    ]
    assert retro["estimateChanges"] == [
        {"first": None, "last": 5.0, "estimates": 2, "item": {"title": "Apple Pay"}},
        {"first": None, "last": 8.0, "estimates": 1, "item": {"title": "SSO login"}},
    ]
    assert retro["startedNotCompleted"] == [{"title": "Apple Pay", "status": "IN_PROGRESS"}]
    cycle = retro["cycleTimes"][0]
    assert cycle["item"] == {"title": "SSO login"}
    ready, accepted = (datetime.fromisoformat(cycle[k]) for k in ("readyAt", "acceptedAt"))
    assert cycle["seconds"] == (accepted - ready).total_seconds() > 0
