"""Positions through GraphQL on every backend: opened, filled (with ENGINEER granted in
the same transaction), cancelled; visible to the product's members; asOf."""

from __future__ import annotations

from tests.api.harness import Api
from tests.people.documents import POSITIONS, decide, mutation

LATEST = "query($id: ID!) { product(id: $id) { decisions(first: 1) { edges { node { at } } } } }"


async def open_backend_position(api: Api) -> dict[str, object]:
    payload = await decide(
        api, "openPosition", "Ben", productId=api.product_id, title="Backend engineer"
    )
    return payload["position"]  # type: ignore[no-any-return]


async def test_the_engineering_manager_opens_a_position(api: Api) -> None:
    payload = await decide(
        api,
        "openPosition",
        "Ben",
        productId=api.product_id,
        title="Backend engineer",
        description="Payments",
        rationale="Q3 roadmap",
    )
    position, decision = payload["position"], payload["decision"]
    assert (position["title"], position["status"], position["version"]) == (
        "Backend engineer",
        "OPEN",
        1,
    )
    assert position["filledBy"] is None
    assert decision["type"] == "PositionOpened" and decision["subjectId"] == position["id"]
    assert decision["summary"] == (
        "Ben (Engineering Manager) opened the position 'Backend engineer'"
    )
    assert [h["type"] for h in position["history"]] == ["PositionOpened"]


async def test_filling_a_position_grants_engineer_in_the_same_save(api: Api) -> None:
    position = await open_backend_position(api)
    head = api.head()
    payload = await decide(
        api, "fillPosition", "Ben", positionId=position["id"], memberId=api.ids["Eve"]
    )
    filled = payload["position"]
    assert (filled["status"], filled["filledBy"], filled["version"]) == (
        "FILLED",
        {"name": "Eve"},
        2,
    )
    assert payload["decision"]["type"] == "PositionFilled"
    assert payload["decision"]["subjectId"] == position["id"]
    # Two decisions, recorded together: PositionFilled then RoleGranted, and nothing else.
    types = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions(first: 2) { edges { node { type "
        "subjectId summary } } } members { role member { name } } } }",
        {"id": api.product_id},
        as_="Ana",
    )
    edges = [e["node"] for e in types["product"]["decisions"]["edges"]]
    assert [e["type"] for e in edges] == ["RoleGranted", "PositionFilled"]
    assert edges[0]["summary"] == "Ben (Engineering Manager) granted Eve the Engineer role"
    assert {"role": "ENGINEER", "member": {"name": "Eve"}} in types["product"]["members"]
    assert api.head() == head + 2


async def test_filling_with_an_engineer_records_no_second_grant(api: Api) -> None:
    position = await open_backend_position(api)
    head = api.head()
    await decide(api, "fillPosition", "Ben", positionId=position["id"], memberId=api.ids["Cleo"])
    assert api.head() == head + 1


async def test_filling_or_cancelling_a_position_not_open_is_a_conflict(api: Api) -> None:
    position = await open_backend_position(api)
    await decide(api, "cancelPosition", "Ben", positionId=position["id"], rationale="Budget frozen")
    head = api.head()
    for name, fields in (
        ("fillPosition", {"memberId": api.ids["Eve"]}),
        ("cancelPosition", {"rationale": "again"}),
    ):
        answer = await api.post(
            mutation(name), {"input": {"positionId": position["id"], **fields}}, as_="Ben"
        )
        assert answer.code == "CONFLICT", answer.body
    assert api.head() == head


async def test_cancelling_requires_a_rationale(api: Api) -> None:
    position = await open_backend_position(api)
    answer = await api.post(
        mutation("cancelPosition"),
        {"input": {"positionId": position["id"], "rationale": " "}},
        as_="Ben",
    )
    assert answer.code == "BAD_USER_INPUT"


async def test_only_the_engineering_manager_decides_on_positions(api: Api) -> None:
    position = await open_backend_position(api)
    head = api.head()
    for caller in ("Ana", "Cleo", "Dev", "Eve", "admin"):
        opened = await api.post(
            mutation("openPosition"),
            {"input": {"productId": api.product_id, "title": "SRE"}},
            as_=caller,
        )
        filled = await api.post(
            mutation("fillPosition"),
            {"input": {"positionId": position["id"], "memberId": api.ids["Eve"]}},
            as_=caller,
        )
        assert (opened.code, filled.code) == ("FORBIDDEN", "FORBIDDEN"), caller
    anonymous = await api.post(
        mutation("openPosition"),
        {"input": {"productId": api.product_id, "title": "SRE"}},
        as_="anonymous",
    )
    assert anonymous.code == "UNAUTHENTICATED"
    assert api.head() == head


async def test_unknown_positions_and_members_are_not_found(api: Api) -> None:
    position = await open_backend_position(api)
    nobody = "00000000-0000-4000-8000-000000000000"
    for fields in (
        {"positionId": nobody, "memberId": api.ids["Eve"]},
        {"positionId": position["id"], "memberId": nobody},
        {"positionId": api.ids["SSO login"], "memberId": api.ids["Eve"]},
    ):
        answer = await api.post(mutation("fillPosition"), {"input": fields}, as_="Ben")
        assert answer.code == "NOT_FOUND", answer.body


async def test_every_member_reads_positions_and_others_are_forbidden(api: Api) -> None:
    position = await open_backend_position(api)
    for caller in ("Ana", "Ben", "Cleo", "Dev", "admin"):
        data = await api.ok(POSITIONS, {"id": api.product_id}, as_=caller)
        assert [p["id"] for p in data["product"]["positions"]] == [position["id"]]
        node = await api.ok(
            "query($id: ID!) { node(id: $id) { ... on Position { title status } } }",
            {"id": position["id"]},
            as_=caller,
        )
        assert node["node"] == {"title": "Backend engineer", "status": "OPEN"}
    for query, variables in (
        (POSITIONS, {"id": api.product_id}),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": position["id"]}),
    ):
        answer = await api.post(query, variables, as_="Eve")
        assert answer.code == "FORBIDDEN", answer.body


async def test_positions_filter_by_status_and_travel_in_time(api: Api) -> None:
    first = await open_backend_position(api)
    await api.settled()
    latest = await api.ok(LATEST, {"id": api.product_id}, as_="Ana")
    before_fill = latest["product"]["decisions"]["edges"][0]["node"]["at"]
    second = (await decide(api, "openPosition", "Ben", productId=api.product_id, title="SRE"))[
        "position"
    ]
    await decide(api, "fillPosition", "Ben", positionId=first["id"], memberId=api.ids["Eve"])
    now = await api.ok(POSITIONS, {"id": api.product_id, "status": ["OPEN"]}, as_="Dev")
    assert [p["id"] for p in now["product"]["positions"]] == [second["id"]]
    then = await api.ok(POSITIONS, {"id": api.product_id, "asOf": before_fill}, as_="Dev")
    assert then["product"]["positions"] == [
        {
            "id": first["id"],
            "title": "Backend engineer",
            "status": "OPEN",
            "version": 1,
            "filledBy": None,
        }
    ]
