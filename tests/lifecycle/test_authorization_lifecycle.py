"""The authorization matrix, extended with the lifecycle (beside
tests/reliability/test_authorization.py, whose world, callers and rules it reuses):
every lifecycle mutation and read path, for every caller, on two products."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest

from domain.commands import AssignEngineer, DropItem, GrantRole, SetGoal, StartItem
from domain.vocabulary import Role
from tests.api.harness import running
from tests.backends import database_url
from tests.lifecycle.graphql import document
from tests.reliability.test_authorization import (
    BACKENDS,
    CALLERS,
    DECIDERS,
    EM,
    EM_OF,
    ENGINEER_OF,
    ITEM,
    PO,
    PO_OF,
    Subjects,
    expected,
    product_ids,
    secrets_of,
    with_jo,
)
from tests.reliability.world import BILLING, two_products

REQUESTER_ROLE = {**{n: r.value for n, r in BILLING.items()}, "Ana": PO, "Ben": EM}
REQUESTER_ROLE.update({"Cleo": "ENGINEER", "Dev": "STAKEHOLDER", "Jo": PO})
MUTATIONS = (
    "revokeRole",
    "reviseGoal",
    "changeGoalStatus",
    "setItemGoals",
    "refineItem",
    "rejectItem",
    "restoreItem",
    "requestItem",
    "startItem",
    "completeItem",
)


def allowed(operation: str, product: str) -> dict[str, str | None]:
    po, em, engineer = PO_OF[product], EM_OF[product], ENGINEER_OF[product]
    dual = {"Jo"} if product == "Billing" else set()
    if operation == "revokeRole":  # of the ENGINEER role
        return {"admin": None, po: PO, em: EM, **dict.fromkeys(dual, PO)}
    if operation == "requestItem":
        people = {"Checkout": ("Ana", "Ben", "Cleo", "Dev"), "Billing": (*BILLING, *dual)}
        return {name: REQUESTER_ROLE[name] for name in people[product]}
    if operation in ("startItem", "completeItem"):  # on an item the engineer is assigned to
        return {em: EM, engineer: "ENGINEER", **dict.fromkeys(dual, EM)}
    return {po: PO, **dict.fromkeys(dual, PO)}


class LifecycleSubjects(Subjects):
    def goal(self) -> str:
        self.api.tandem.decide(self.po, SetGoal(product_id=self.product, title="Churn -2%"))
        return self.api.tandem.product(self.product).goals[-1].id

    def engineer_newcomer(self) -> str:
        member = self.newcomer()
        self.api.tandem.decide(
            self.api.actor("admin"),
            GrantRole(product_id=self.product, member_id=member, role=Role.ENGINEER),
        )
        return member

    def dropped(self) -> str:
        item = self.item()
        self.api.tandem.decide(self.po, DropItem(item_id=item, rationale="Later"))
        return item

    def assigned_ready(self) -> str:
        item = self.ready()
        self.api.tandem.decide(
            self.em, AssignEngineer(item_id=item, member_id=self.engineer, percent=50)
        )
        return item

    def lifecycle_input(self, operation: str) -> dict[str, Any]:
        product = self.product
        if operation == "revokeRole":
            member = self.engineer_newcomer()
            return {"productId": product, "memberId": member, "role": "ENGINEER", "rationale": "X"}
        if operation == "reviseGoal":
            return {"goalId": self.goal(), "title": "Churn -3%", "rationale": "Board"}
        if operation == "changeGoalStatus":
            return {"goalId": self.goal(), "status": "ACHIEVED", "rationale": "Met"}
        if operation == "setItemGoals":
            return {"itemId": self.item(), "goalIds": [self.goal()]}
        if operation == "refineItem":
            return {"itemId": self.item(), "title": "Gift cards", "kind": "BUG"}
        if operation == "rejectItem":
            return {"itemId": self.done(), "rationale": "Fails on Safari"}
        if operation == "restoreItem":
            return {"itemId": self.dropped(), "rationale": "Back"}
        if operation == "requestItem":
            return {"productId": product, "title": "Gift cards", "rationale": "Sales"}
        item = self.assigned_ready()
        if operation == "completeItem":
            self.api.tandem.decide(self.em, StartItem(item_id=item))
        return {"itemId": item}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_every_lifecycle_mutation_for_every_caller_on_two_products(backend: str) -> None:
    outcomes: Counter[str] = Counter()
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            await with_jo(world)
            for product in ("Checkout", "Billing"):
                subjects = LifecycleSubjects(world, product)
                for operation, caller in itertools.product(MUTATIONS, DECIDERS):
                    fields = subjects.lifecycle_input(operation)
                    await api.settled()
                    head = api.head()
                    answer = await api.post(document(operation), {"input": fields}, as_=caller)
                    who, what = allowed(operation, product), (product, operation, caller)
                    if caller in who:
                        assert not answer.errors, (*what, answer.body)
                        assert api.head() > head, what
                        decision = answer.data[operation]["decision"]
                        assert decision["role"] == who[caller], (*what, decision)
                        name = None if caller == "admin" else {"name": caller}
                        assert decision["actor"] == name, (*what, decision)
                        outcomes["allowed"] += 1
                    else:
                        want = "UNAUTHENTICATED" if caller == "anonymous" else "FORBIDDEN"
                        assert answer.code == want, (*what, answer.body)
                        assert api.head() == head, (*what, "recorded")
                        outcomes[want] += 1
    assert outcomes["allowed"] > 0 and outcomes["FORBIDDEN"] > 0
    assert sum(outcomes.values()) == len(MUTATIONS) * len(DECIDERS) * 2


READS = {
    "product.items": (
        'query($p: ID!) { product(id: $p) { items(filter: {search: ""}) '
        "{ edges { node { title requestedBy { name } goals { title } } } } } }"
    ),
    "product.asOf": (
        "query($p: ID!, $at: DateTime!) { product(id: $p) { asOf(at: $at) { name "
        "members { member { name } } goals { title version history { summary } items { title } } "
        "backlog { edges { node { title } } } items { edges { node { title } } } } } }"
    ),
    "item.asOf": (
        "query($i: ID!, $at: DateTime!) { item(id: $i) { asOf(at: $at) { title goals { title } "
        "requestedBy { name } history { summary } } } }"
    ),
    "product.goals": (
        "query($p: ID!) { product(id: $p) { name goals { title version "
        "history { summary } items { title } } } }"
    ),
}
FAR = "2100-01-01T00:00:00+00:00"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_every_lifecycle_read_path_for_every_caller(backend: str) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            tried = 0
            for product, (path, query), caller in itertools.product(
                ("Checkout", "Billing"), READS.items(), CALLERS
            ):
                ids = product_ids(world, product)
                variables = {"p": ids["product"], "i": ids[ITEM], "at": FAR}
                used = {k: v for k, v in variables.items() if f"${k}" in query}
                answer = await api.post(query, used, as_=caller)
                want, what = expected(caller, product), (product, path, caller)
                if want == "ok":
                    assert not answer.errors, (*what, answer.body)
                else:
                    assert answer.code == want, (*what, answer.body)
                    leaked = [s for s in secrets_of(world, product) if s in answer.text]
                    assert not leaked, (*what, answer.text)
                tried += 1
    assert tried == len(READS) * len(CALLERS) * 2
