"""forgetMember on every backend: who may, and what a forgotten member reads like
afterwards (everywhere, at every asOf) while their decisions keep counting."""

from __future__ import annotations

from typing import Any

import anyio.to_thread

from domain.personal_data import FORGOTTEN_NAME
from tests.api.harness import Api
from tests.people.documents import RECORDS, decide, mutation
from tests.people.forgetting import MARKERS, NAME, quillon_decides_and_is_noted

FORGOTTEN = {"name": FORGOTTEN_NAME, "active": False, "forgotten": True, "email": None}
MEMBER = "query($id: ID!) { node(id: $id) { ... on Member { name active forgotten email } } }"
DECISIONS = """query($id: ID!) { product(id: $id) { auditHead
  decisions(first: 100) { edges { node { position at type subjectId summary
    actor { id name } changes { field before after } } } } } }"""
STANDING = """query($id: ID!, $at: DateTime) { product(id: $id) {
  members { role member { name } }
  backlog(asOf: $at) { edges { node { title rank assignments { percent member { name } } } } }
  allocation(asOf: $at) { members { member { name } allocatedPercent } } } }"""
RETRO = """query($id: ID!, $from: DateTime!, $to: DateTime!) { product(id: $id) {
  retrospective(from: $from, to: $to) { decisionCount decisionsByRole { role count }
    rankChanges { item { title } fromRank toRank } } } }"""
VERIFY = "query($id: ID!) { verifyAudit(productId: $id) { ok checked head } }"


async def test_only_the_administrator_forgets_a_member_and_gives_a_reason(api: Api) -> None:
    given = await quillon_decides_and_is_noted(api)
    head = api.head()
    refusals = [
        ("Ana", "reason", "FORBIDDEN"),
        ("Ben", "reason", "FORBIDDEN"),
        (given.token, "reason", "FORBIDDEN"),
        ("anonymous", "reason", "UNAUTHENTICATED"),
        ("admin", "", "BAD_USER_INPUT"),
    ]
    for caller, rationale, code in refusals:
        answer = await api.post(
            mutation("forgetMember"),
            {"input": {"memberId": given.member_id, "rationale": rationale}},
            as_=caller,
        )
        assert answer.code == code and answer.data is None, answer.body
    unknown = await api.post(
        mutation("forgetMember"),
        {"input": {"memberId": "6f1c1a52-0000-4b8e-9d8c-2f5b3d0e8a11", "rationale": "Asked"}},
    )
    assert unknown.code == "NOT_FOUND"
    assert api.head() == head
    member = await api.ok(MEMBER, {"id": given.member_id})
    assert member["node"]["name"] == NAME and not member["node"]["forgotten"]


async def test_a_forgotten_member_reads_forgotten_and_their_decisions_keep_counting(
    api: Api,
) -> None:
    given = await quillon_decides_and_is_noted(api)
    # A mutation waits for the views; the chain follower comes after them: wait for it
    # too, so the auditHead read here is the chain's head, not one still coming.
    projections = api.container.projections
    await anyio.to_thread.run_sync(projections.wait, projections.head())
    before = {p: await api.ok(DECISIONS, {"id": p}, "Ben") for p in given.products}
    edges = before[api.product_id]["product"]["decisions"]["edges"]
    window = {"from": edges[-1]["node"]["at"], "to": edges[0]["node"]["at"]}
    then = edges[1]["node"]["at"]  # while Quillon was known
    retro = await api.ok(RETRO, {"id": api.product_id, **window}, "Ana")
    standing = await api.ok(STANDING, {"id": api.product_id, "at": then}, "Ana")

    done = await decide(api, "forgetMember", "admin", memberId=given.member_id, rationale="Asked")
    assert done["member"] == {"id": given.member_id, **FORGOTTEN}

    for caller in ("admin", "Ben", "Cleo"):
        assert (await api.ok(MEMBER, {"id": given.member_id}, caller))["node"] == FORGOTTEN
    assert (await api.post("{ viewer { name } }", as_=given.token)).code == "UNAUTHENTICATED"
    listed = await api.ok('{ members(search: "forgotten") { edges { node { id email } } } }')
    assert {"id": given.member_id, "email": None} in [e["node"] for e in listed["members"]["edges"]]
    for product_id in given.products:
        after = await api.ok(DECISIONS, {"id": product_id}, "Ben")
        assert _shape(after) == _shape(before[product_id])  # same decisions, same chain
        assert after["product"]["auditHead"] == before[product_id]["product"]["auditHead"]
        assert not any(m in str(after) for m in MARKERS), after
        assert FORGOTTEN_NAME in str(after)
        verified = (await api.ok(VERIFY, {"id": product_id}, "Ben"))["verifyAudit"]
        assert verified["ok"] and verified["head"] == after["product"]["auditHead"]
        records = await api.ok(RECORDS, {"id": product_id, "member": given.member_id}, "Ben")
        nodes = [e["node"] for e in records["product"]["peopleRecords"]["edges"]]
        assert [(n["title"], n["body"], n["member"]["name"]) for n in nodes] == [
            (None, None, FORGOTTEN_NAME)
        ]
    assert await api.ok(RETRO, {"id": api.product_id, **window}, "Ana") == retro
    then_after = await api.ok(STANDING, {"id": api.product_id, "at": then}, "Ana")
    assert then_after == _renamed(standing)
    now = await api.ok(STANDING, {"id": api.product_id, "at": None}, "Ana")
    assert NAME not in str(now) and FORGOTTEN_NAME in str(now)


async def test_a_forgotten_member_is_forgotten_once_and_gets_no_new_notes(api: Api) -> None:
    given = await quillon_decides_and_is_noted(api)
    await decide(api, "forgetMember", "admin", memberId=given.member_id, rationale="Asked")
    head = api.head()
    again = await api.post(
        mutation("forgetMember"), {"input": {"memberId": given.member_id, "rationale": "Again"}}
    )
    assert again.code == "CONFLICT", again.body
    note = await api.post(
        mutation("recordPeopleNote"),
        {
            "input": {
                "productId": api.product_id,
                "memberId": given.member_id,
                "kind": "ONE_ON_ONE",
                "title": "Catch-up",
                "body": "Notes",
            }
        },
        as_="Ben",
    )
    assert note.code == "CONFLICT", note.body
    assert api.head() == head
    for name, fields in (
        ("rotateToken", {}),
        ("deactivateMember", {"rationale": "Left"}),
    ):
        answer = await api.post(mutation(name), {"input": {"memberId": given.member_id, **fields}})
        assert answer.code == "CONFLICT", answer.body
    assert api.head() == head


def _shape(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    edges = data["product"]["decisions"]["edges"]
    return [
        (n["position"], n["at"], n["type"], n["subjectId"], (n["actor"] or {}).get("id"))
        for n in (e["node"] for e in edges)
    ]


def _renamed(data: Any) -> Any:
    """The same answer with the member's name as it reads once forgotten."""
    if isinstance(data, dict):
        return {k: _renamed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_renamed(v) for v in data]
    return FORGOTTEN_NAME if data == NAME else data
