"""The members' lifecycle on every backend: the administrator's list, e-mails for the
administrator and the member themself, token rotation and deactivation."""

from __future__ import annotations

import time

from httpx_ws import WebSocketDisconnect

from tests.api.harness import Api
from tests.api.websocket import connected
from tests.people.documents import decide, mutation

MEMBERS = """query($search: String, $first: Int, $after: String) {
  members(search: $search, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name email active } } } }"""
EMAIL = "query($id: ID!) { node(id: $id) { ... on Member { name email active forgotten } } }"
VIEWER = "{ viewer { name } }"


async def test_the_administrator_lists_and_searches_the_members(api: Api) -> None:
    data = await api.ok(MEMBERS)
    names = [e["node"]["name"] for e in data["members"]["edges"]]
    assert names == ["Ana", "Ben", "Cleo", "Dev", "Eve"]
    assert data["members"]["edges"][0]["node"]["email"] == "ana@tandem.example"
    by_email = await api.ok(MEMBERS, {"search": "CLEO@TANDEM"})
    assert [e["node"]["name"] for e in by_email["members"]["edges"]] == ["Cleo"]
    by_name = await api.ok(MEMBERS, {"search": "eV"})
    assert [e["node"]["name"] for e in by_name["members"]["edges"]] == ["Dev", "Eve"]
    page = await api.ok(MEMBERS, {"first": 2})
    assert page["members"]["pageInfo"]["hasNextPage"] and page["members"]["totalCount"] == 5
    rest = await api.ok(MEMBERS, {"after": page["members"]["pageInfo"]["endCursor"]})
    assert [e["node"]["name"] for e in rest["members"]["edges"]] == ["Cleo", "Dev", "Eve"]
    wildcard = await api.ok(MEMBERS, {"search": "%"})
    assert wildcard["members"]["edges"] == []


async def test_only_the_administrator_lists_the_members(api: Api) -> None:
    for caller, code in (
        ("Ana", "FORBIDDEN"),
        ("Eve", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ):
        answer = await api.post(MEMBERS, as_=caller)
        assert answer.code == code and "tandem.example" not in answer.text, answer.body


async def test_an_email_is_read_by_the_administrator_and_its_member_only(api: Api) -> None:
    cleo = api.ids["Cleo"]
    for caller, email in (
        ("admin", "cleo@tandem.example"),
        ("Cleo", "cleo@tandem.example"),
        ("Ana", None),
        ("Ben", None),
        ("Dev", None),
    ):
        data = await api.ok(EMAIL, {"id": cleo}, as_=caller)
        assert data["node"] == {"name": "Cleo", "email": email, "active": True, "forgotten": False}
    product = """query($id: ID!) { product(id: $id) { members { member { name email } } }
      viewer { email } }"""
    answer = await api.post(product, {"id": api.product_id}, as_="Ana")
    assert "cleo@tandem.example" not in answer.text and "ana@tandem.example" in answer.text


async def test_rotating_a_token_refuses_the_old_one_at_once(api: Api) -> None:
    old = api.tokens["Cleo"]
    rotated = await decide(api, "rotateToken", "Cleo", memberId=api.ids["Cleo"])
    assert rotated["member"]["name"] == "Cleo" and len(rotated["token"]) >= 32
    assert (await api.post(VIEWER, as_=old)).code == "UNAUTHENTICATED"
    assert (await api.ok(VIEWER, as_=rotated["token"]))["viewer"] == {"name": "Cleo"}
    again = await decide(api, "rotateToken", "admin", memberId=api.ids["Cleo"])
    assert (await api.post(VIEWER, as_=rotated["token"])).code == "UNAUTHENTICATED"
    assert (await api.ok(VIEWER, as_=again["token"]))["viewer"] == {"name": "Cleo"}


async def test_a_member_may_not_rotate_anothers_token(api: Api) -> None:
    head = api.head()
    for caller in ("Ana", "Ben", "Eve"):
        answer = await api.post(
            mutation("rotateToken"), {"input": {"memberId": api.ids["Cleo"]}}, as_=caller
        )
        assert answer.code == "FORBIDDEN" and "token" not in (answer.data or {}), answer.body
    assert api.head() == head
    assert (await api.ok(VIEWER, as_="Cleo"))["viewer"] == {"name": "Cleo"}


async def test_deactivating_a_member_stops_their_token_and_keeps_their_roles(api: Api) -> None:
    cleo = api.ids["Cleo"]
    refused = await api.post(
        mutation("deactivateMember"), {"input": {"memberId": cleo, "rationale": ""}}
    )
    assert refused.code == "BAD_USER_INPUT"
    for caller in ("Ana", "Ben", "Cleo"):
        answer = await api.post(
            mutation("deactivateMember"),
            {"input": {"memberId": cleo, "rationale": "Left"}},
            as_=caller,
        )
        assert answer.code == "FORBIDDEN", answer.body
    done = await decide(api, "deactivateMember", "admin", memberId=cleo, rationale="Left")
    assert done["member"] == {"id": cleo, "name": "Cleo", "active": False}
    assert (await api.post(VIEWER, as_="Cleo")).code == "UNAUTHENTICATED"
    roles = await api.ok(
        "query($id: ID!) { product(id: $id) { members { role member { name active } } } }",
        {"id": api.product_id},
        as_="Ana",
    )
    assert {"role": "ENGINEER", "member": {"name": "Cleo", "active": False}} in roles["product"][
        "members"
    ]
    again = await api.post(
        mutation("deactivateMember"), {"input": {"memberId": cleo, "rationale": "Left"}}
    )
    assert again.code == "CONFLICT"


async def test_a_subscription_using_a_rotated_token_is_closed_with_4403(api: Api) -> None:
    async with api.websocket_client() as client, connected(client, api.tokens["Cleo"]) as sub:
        assert (await sub.message())["type"] == "connection_ack"
        await sub.subscribe(api.product_id, after=0)
        await sub.decision()
        await decide(api, "rotateToken", "admin", memberId=api.ids["Cleo"])
        rotated = time.monotonic()
        try:
            while True:
                await sub.message(within=5)
        except WebSocketDisconnect as closed:
            assert closed.code == 4403
        assert time.monotonic() - rotated < 5
