"""causedBy on every backend: recorded with the decision, listed as causes and
consequences, followed by BacklogItem.why; refused (recording nothing) when unknown,
of another product, too many or not a UUID."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from domain.actor import Actor
from domain.causes import decision_id as domain_decision_id
from domain.commands import CreateProduct, GrantRole, ProposeItem
from domain.vocabulary import Role
from projections.rows import decision_id
from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url

DECISIONS = """query($id: ID!) { product(id: $id) {
  decisions(first: 500) { edges { node { id type subjectId } } } } }"""
PRIORITIZE = """mutation($item: ID!, $causes: [ID!]) { prioritizeItem(input: {itemId: $item,
  rank: 1, rationale: "The goal changed", causedBy: $causes}) {
  decision { id causes { id type } consequences { id } } } }"""
GOAL = """mutation($product: ID!) { setGoal(input: {productId: $product, title: "EU launch"})
  { decision { id } } }"""
ITEM = """query($id: ID!) { item(id: $id) { why { id type } } }
"""
CONSEQUENCES = (
    """query($id: ID!) { node(id: $id) { ... on Decision { consequences { id type } } } }"""
)


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    with database_url(request.param) as url:
        async with running(url) as api:
            yield await gather_crew(api)


async def decision_of(api: Api, kind: str, subject: str) -> str:
    data = await api.ok(DECISIONS, {"id": api.product_id}, "Ana")
    nodes = [e["node"] for e in data["product"]["decisions"]["edges"]]
    return next(n["id"] for n in nodes if n["type"] == kind and n["subjectId"] == subject)


def test_the_domain_and_the_views_name_decisions_alike() -> None:
    product = str(uuid.uuid4())
    assert domain_decision_id(product, 7) == decision_id(product, 7)


async def test_a_cause_is_recorded_listed_and_followed(api: Api) -> None:
    goal = (await api.ok(GOAL, {"product": api.product_id}, "Ana"))["setGoal"]["decision"]["id"]
    item = api.ids["Apple Pay"]
    proposed = await decision_of(api, "ItemProposed", item)
    decided = await api.ok(PRIORITIZE, {"item": item, "causes": [goal, proposed, goal]}, "Ana")
    decision = decided["prioritizeItem"]["decision"]
    assert [c["id"] for c in decision["causes"]] == [goal, proposed]  # newest first, once
    assert decision["consequences"] == []
    consequences = (await api.ok(CONSEQUENCES, {"id": goal}, "Dev"))["node"]["consequences"]
    assert consequences == [{"id": decision["id"], "type": "ItemPrioritized"}]
    why = (await api.ok(ITEM, {"id": item}, "Dev"))["item"]["why"]
    assert [w["id"] for w in why] == [decision["id"], goal, proposed]


async def test_why_starts_at_the_last_decision_that_placed_the_item(api: Api) -> None:
    item = api.ids["SSO login"]
    proposed = await decision_of(api, "ItemProposed", item)
    assert [w["id"] for w in (await api.ok(ITEM, {"id": item}, "Ana"))["item"]["why"]] == [proposed]
    # Moving another item above it shifts it, but does not explain it.
    await api.ok(PRIORITIZE, {"item": api.ids["Apple Pay"], "causes": None}, "Ana")
    assert [w["id"] for w in (await api.ok(ITEM, {"id": item}, "Ana"))["item"]["why"]] == [proposed]


@pytest.mark.parametrize(
    ("causes", "code"),
    [
        (["not-a-uuid"], "BAD_USER_INPUT"),
        ([str(uuid.UUID(int=n)) for n in range(21)], "BAD_USER_INPUT"),
        ([str(uuid.uuid4())], "NOT_FOUND"),
    ],
)
async def test_a_bad_cause_is_refused_and_records_nothing(
    api: Api, causes: list[str], code: str
) -> None:
    head = api.head()
    answer = await api.post(PRIORITIZE, {"item": api.ids["Apple Pay"], "causes": causes}, "Ana")
    assert answer.code == code, answer.body
    assert api.head() == head


async def test_another_products_decision_is_not_a_cause(api: Api) -> None:
    admin = Actor.admin()
    other = api.tandem.decide(admin, CreateProduct(name="Payroll", vision="Pay people")).product_id
    assert other is not None
    api.tandem.decide(
        admin, GrantRole(product_id=other, member_id=api.ids["Ana"], role=Role.PRODUCT_OWNER)
    )
    api.tandem.decide(api.actor("Ana"), ProposeItem(product_id=other, title="Payslips"))
    await api.settled()
    foreign = decision_id(other, 1)
    head = api.head()
    answer = await api.post(PRIORITIZE, {"item": api.ids["Apple Pay"], "causes": [foreign]}, "Ana")
    assert answer.code == "BAD_USER_INPUT"
    assert "another product" in answer.errors[0]["message"]
    assert api.head() == head


async def test_every_decision_input_takes_caused_by(api: Api) -> None:
    goal = (await api.ok(GOAL, {"product": api.product_id}, "Ana"))["setGoal"]["decision"]["id"]
    estimate = """mutation($item: ID!, $causes: [ID!]) { estimateItem(input: {itemId: $item,
      points: 3, causedBy: $causes}) { decision { causes { id } } } }"""
    done = await api.ok(estimate, {"item": api.ids["SSO login"], "causes": [goal]}, "Ben")
    assert done["estimateItem"]["decision"]["causes"] == [{"id": goal}]
