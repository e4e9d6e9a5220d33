"""A list reads the members it names before GraphQL completes it, when the query
asks for them (however it asks: directly, in a fragment, in an inline fragment): a
backlog page its assignees, a page of decisions and an item's history their actors.
So no field waits on a name of its own. A page that does not ask reads no names:
tests/api/test_query_count.py counts its round trips."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from api.graphql.document_cache import MAX_CHARACTERS
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


DECISIONS = """query($p: ID!) { product(id: $p) {
  decisions(first: 50) { edges { node { type actor { name } } } }
  backlog { edges { node { history { type actor { name } } } } } } }"""


async def test_every_decision_names_its_actor_from_names_read_with_its_list(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    awaited: list[str | None] = []
    load_member = members.load_member

    async def counted(info: Any, member_id: str | None) -> members.Member | None:
        awaited.append(member_id)
        return await load_member(info, member_id)

    monkeypatch.setattr(members, "load_member", counted)
    data = await api.ok(DECISIONS, {"p": api.product_id}, as_="Ana")
    product = data["product"]
    actors = {e["node"]["type"]: e["node"]["actor"] for e in product["decisions"]["edges"]}
    assert actors["ItemProposed"] == {"name": "Ana"}
    assert actors["ProductCreated"] is None  # the administrator token acted
    histories = [e["node"]["history"] for e in product["backlog"]["edges"]]
    assert [h[0]["actor"] for h in histories] == [{"name": "Ana"}] * 3
    assert awaited == [], "a decision waited for its actor's name"


TWO_PAGES = """query($p: ID!) { product(id: $p) {
  staffed: backlog { edges { node { title assignments { member { name } } } } }
  titles: backlog { edges { node { title } } } } }"""


async def test_whether_a_list_asks_for_names_is_worked_out_once_per_field_of_a_document(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two pages of one document, under two aliases: one asks for names, the other
    not; each verdict is its own, and the second request reuses both."""
    ben = api.actor("Ben")
    assign = AssignEngineer(item_id=api.ids["SSO login"], member_id=api.ids["Cleo"], percent=50)
    api.tandem.decide(ben, assign)
    await api.settled()
    verdicts: list[bool] = []
    selects = members.selects
    inside: list[bool] = []

    def counted(selections: Any, name: str) -> bool:
        if inside:  # selects recurses: count the outermost call only
            return selects(selections, name)
        inside.append(True)
        try:
            verdicts.append(selects(selections, name))
        finally:
            inside.clear()
        return verdicts[-1]

    monkeypatch.setattr(members, "selects", counted)
    monkeypatch.setattr(members, "_SELECTED", {})  # another backend's run kept them
    for _ in range(2):
        data = await api.ok(TWO_PAGES, {"p": api.product_id}, as_="Ana")
        staffed = [e["node"]["assignments"] for e in data["product"]["staffed"]["edges"]]
        assert [{"member": {"name": "Cleo"}}] in staffed
        assert all("assignments" not in e["node"] for e in data["product"]["titles"]["edges"])
    assert sorted(verdicts) == [False, True]


async def test_the_verdicts_keep_no_document_alive(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document too large for the parser cache is parsed for its request alone: the
    verdicts kept about its fields must not keep it alive (anyone may send many)."""
    ben = api.actor("Ben")
    assign = AssignEngineer(item_id=api.ids["SSO login"], member_id=api.ids["Cleo"], percent=50)
    api.tandem.decide(ben, assign)
    await api.settled()
    monkeypatch.setattr(members, "_SELECTED", {})
    large = DIRECT + "#" + " " * MAX_CHARACTERS
    data = await api.ok(large, {"p": api.product_id}, as_="Ana")
    assert data["product"]["backlog"]["edges"]
    gc.collect()
    assert members._SELECTED, "the page asked for names: a verdict was kept"
    assert all(operation() is None for operation, _ in members._SELECTED.values())
