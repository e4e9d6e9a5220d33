"""publishUpdate: the report's window, its sections, and that it never changes."""

from __future__ import annotations

from typing import Any

from domain.commands import (
    AcceptItem,
    CompleteItem,
    EstimateItem,
    PrioritizeItem,
    RefineItem,
    SetGoal,
    StartItem,
)
from tests.api.harness import Api

PUBLISH = """mutation($input: PublishUpdateInput!) { publishUpdate(input: $input) {
  update { id number headline note from to markdown author { name } }
  decision { type subjectId actor { name } } } }"""
UPDATES = """query($id: ID!) { product(id: $id) { updates {
  totalCount edges { node { number headline from to markdown } } } } }"""


async def publish(api: Api, headline: str, note: str | None = None) -> dict[str, Any]:
    data = await api.ok(
        PUBLISH, {"input": {"productId": api.product_id, "headline": headline, "note": note}}, "Ana"
    )
    return data["publishUpdate"]  # type: ignore[no-any-return]


def deliver(api: Api, title: str) -> None:
    """Takes an item from proposed to accepted."""
    item, tandem = api.ids[title], api.tandem
    tandem.decide(api.actor("Ana"), RefineItem(item_id=item, acceptance_criteria=["works"]))
    tandem.decide(api.actor("Ben"), EstimateItem(item_id=item, points=3))
    tandem.decide(api.actor("Ben"), StartItem(item_id=item))
    tandem.decide(api.actor("Ben"), CompleteItem(item_id=item))
    tandem.decide(api.actor("Ana"), AcceptItem(item_id=item))


async def test_the_first_update_covers_the_product_since_its_creation(api: Api) -> None:
    deliver(api, "SSO login")
    api.tandem.decide(
        api.actor("Ana"),
        PrioritizeItem(
            item_id=api.ids["Apple Pay"], rank=1, expected_version=None, rationale="Q3 launch"
        ),
    )
    api.tandem.decide(api.actor("Ana"), SetGoal(product_id=api.product_id, title="Fast payday"))
    payload = await publish(api, "Sprint 1", note="Thanks all")
    update = payload["update"]
    assert update["number"] == 1 and update["author"] == {"name": "Ana"}
    assert payload["decision"]["type"] == "StakeholderUpdatePublished"
    assert payload["decision"]["subjectId"] == api.product_id
    created = (await api.ok(DECISIONS, {"id": api.product_id}))["product"]["decisions"]
    assert update["from"] == created["edges"][-1]["node"]["at"]
    markdown = update["markdown"]
    assert markdown.index("# Sprint 1") < markdown.index("## Accepted\n\n- SSO login")
    assert markdown.index("## Accepted") < markdown.index("## Priorities\n\n- #1 Apple Pay: Q3")
    assert markdown.index("## Priorities") < markdown.index("## Goals")
    assert "set the goal 'Fast payday'" in markdown
    assert markdown.rstrip().endswith("Thanks all")
    for absent in ("## Risks", "## Architecture", "## Iterations", "## Forecast"):
        assert absent not in markdown


DECISIONS = """query($id: ID!) { product(id: $id) { decisions(first: 500) {
  edges { node { at type } } } } }"""


async def test_the_next_window_starts_where_the_last_one_ended(api: Api) -> None:
    first = (await publish(api, "One"))["update"]
    deliver(api, "Guest checkout")
    second = (await publish(api, "Two"))["update"]
    assert second["number"] == 2 and second["from"] == first["to"]
    assert "- Guest checkout" in second["markdown"]
    assert "Accepted" not in first["markdown"] and "SSO login" not in second["markdown"]
    third = (await publish(api, "Three"))["update"]
    assert third["markdown"] == "# Three\n"


async def test_a_published_update_is_unchanged_by_later_decisions(api: Api) -> None:
    deliver(api, "SSO login")
    published = (await publish(api, "Sprint 1"))["update"]
    api.tandem.decide(
        api.actor("Ana"),
        PrioritizeItem(item_id=api.ids["Apple Pay"], rank=1, rationale="now"),
    )
    await api.settled()
    listed = (await api.ok(UPDATES, {"id": api.product_id}, "Dev"))["product"]["updates"]
    assert listed["totalCount"] == 1
    node = listed["edges"][0]["node"]
    assert node["markdown"] == published["markdown"] and "Priorities" not in node["markdown"]


async def test_updates_are_listed_newest_first_to_every_member(api: Api) -> None:
    await publish(api, "One")
    await publish(api, "Two")
    listed = (await api.ok(UPDATES, {"id": api.product_id}, "Cleo"))["product"]["updates"]
    assert [e["node"]["number"] for e in listed["edges"]] == [2, 1]


async def test_only_the_product_owner_publishes_and_refusals_record_nothing(api: Api) -> None:
    head = api.head()
    for caller, code in (("Ben", "FORBIDDEN"), ("Dev", "FORBIDDEN"), ("admin", "FORBIDDEN")):
        answer = await api.post(
            PUBLISH, {"input": {"productId": api.product_id, "headline": "x"}}, caller
        )
        assert answer.code == code, answer.body
    empty = await api.post(
        PUBLISH, {"input": {"productId": api.product_id, "headline": " "}}, "Ana"
    )
    assert empty.code == "BAD_USER_INPUT"
    assert api.head() == head


async def test_a_keyed_retry_publishes_once(api: Api) -> None:
    fields = {"productId": api.product_id, "headline": "Once", "idempotencyKey": "k1"}
    first = await api.ok(PUBLISH, {"input": fields}, "Ana")
    again = await api.ok(PUBLISH, {"input": fields}, "Ana")
    assert first == again
