"""A backlog page reads its assignees' names before GraphQL completes it, when the
query asks for them (however it asks: directly, in a fragment, in an inline
fragment), so that no assignment waits on a name of its own. A page that does not
ask reads no names: tests/api/test_query_count.py counts its round trips."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api.graphql.types import members
from domain.commands import AssignEngineer
from tests.api.harness import Api

DIRECT = """query($p: ID!) { product(id: $p) { backlog { edges { node {
  title assignments { percent member { name } } } } } } }"""
FRAGMENT = """query($p: ID!) { product(id: $p) { backlog { edges { node { ...Staffing } } } } }
fragment Staffing on BacklogItem { title ... on BacklogItem { assignments {
  percent member { name } } } }"""


def field(name: str, *selections: Any) -> SelectedField:
    return SelectedField(name, {}, {}, list(selections))


def test_a_field_is_found_in_fragments_and_inline_fragments_alone() -> None:
    spread = FragmentSpread("Staffing", "BacklogItem", {}, [field("assignments")])
    inline = InlineFragment("BacklogItem", [field("assignments")], {})
    assert members.selects([field("edges", field("node", spread))], "assignments")
    assert members.selects([field("edges", field("node", inline))], "assignments")
    assert not members.selects([field("edges", field("node", field("title")))], "assignments")
    assert not members.selects([FragmentSpread("assignments", "X", {}, [])], "assignments")


@pytest.mark.parametrize("query", [DIRECT, FRAGMENT])
async def test_every_assignment_is_answered_from_names_read_with_the_page(
    api: Api, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ben = api.actor("Ben")
    for title, engineer in (("SSO login", "Cleo"), ("Guest checkout", "Dev")):
        assign = AssignEngineer(item_id=api.ids[title], member_id=api.ids[engineer], percent=50)
        api.tandem.decide(ben, assign)
    await api.settled()
    awaited: list[str] = []
    load_member = members.require_member

    async def counted(info: Any, member_id: str) -> members.Member:
        awaited.append(member_id)
        return await load_member(info, member_id)

    monkeypatch.setattr(members, "require_member", counted)
    data = await api.ok(query, {"p": api.product_id}, as_="Ana")
    staffed = {
        e["node"]["title"]: [a["member"]["name"] for a in e["node"]["assignments"]]
        for e in data["product"]["backlog"]["edges"]
        if e["node"]["assignments"]
    }
    assert staffed == {"SSO login": ["Cleo"], "Guest checkout": ["Dev"]}
    assert awaited == [], "an assignment waited for its member's name"
