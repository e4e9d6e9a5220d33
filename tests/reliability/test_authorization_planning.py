"""The authorization matrix of the planning area (planning.graphql), beside
test_authorization.py and on the same two products: every planning read path and every
planning mutation, for every kind of caller."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.commands import (
    AddDependency,
    AssignEngineer,
    BlockItem,
    CommitIteration,
    EstimateItem,
    PlanIteration,
    ProposeScope,
)
from tests.api.harness import running
from tests.backends import database_url
from tests.planning.documents import INPUTS, document
from tests.reliability.test_authorization import (
    BACKENDS,
    CALLERS,
    DECIDERS,
    EM,
    EM_OF,
    PO,
    PO_OF,
    Subjects,
    expected,
    with_jo,
)
from tests.reliability.world import World, two_products

START = datetime(2027, 1, 4, 9, tzinfo=UTC)
WEEK = timedelta(days=7)
PRODUCT = "query($p: ID!) { product(id: $p) { %s } }"
READS: dict[str, tuple[str, str]] = {  # path -> (document, variable naming the id)
    "iterations": (PRODUCT % "iterations { name proposedScope { title } }", "product"),
    "iterations asOf": (
        PRODUCT % 'iterations(asOf: "2030-01-01T00:00:00Z") { name history { summary } }',
        "product",
    ),
    "forecast": (PRODUCT % "forecast { basis items { item { title } } }", "product"),
    "forecast asOf": (
        PRODUCT % 'forecast(asOf: "2030-01-01T00:00:00Z") { items { item { title } } }',
        "product",
    ),
    "bottlenecks": (PRODUCT % "bottlenecks { summary items { title } }", "product"),
    "wipLimit and retrospective": (
        PRODUCT % 'wipLimit retrospective(from: "2020-01-01T00:00:00Z", '
        'to: "2030-01-01T00:00:00Z") { iterations { iteration { name } } }',
        "product",
    ),
    "node(Iteration)": (
        "query($p: ID!) { node(id: $p) { ... on Iteration { name committedScope { title } } } }",
        "iteration",
    ),
    "item planning fields": (
        "query($p: ID!) { item(id: $p) { blockedReason dependsOn { title } iterations { name } } }",
        "item",
    ),
}


class PlanningSubjects(Subjects):
    """Fresh subjects for the planning decisions; each iteration gets its own week."""

    def __init__(self, world: World, product: str) -> None:
        super().__init__(world, product)
        self.weeks = itertools.count(10)

    def iteration(self) -> str:
        at = START + next(self.weeks) * WEEK
        command = PlanIteration(
            product_id=self.product, name="Sprint", starts_at=at, ends_at=at + WEEK,
            capacity_points=10,
        )  # fmt: skip
        self.api.tandem.decide(self.em, command)
        return list(self.api.tandem.product(self.product).planned().iterations)[-1]

    def committed(self) -> str:
        iteration, item = self.iteration(), self.item()
        self.api.tandem.decide(self.em, EstimateItem(item_id=item, points=3))
        self.api.tandem.decide(self.po, ProposeScope(iteration_id=iteration, item_ids=[item]))
        self.api.tandem.decide(self.em, CommitIteration(iteration_id=iteration))
        return iteration

    def dependent(self) -> dict[str, Any]:
        item, prerequisite = self.item(), self.item()
        self.api.tandem.decide(self.em, AddDependency(item_id=item, depends_on_id=prerequisite))
        return {"itemId": item, "dependsOnId": prerequisite}

    def blocked(self) -> str:
        item = self.assigned()
        self.api.tandem.decide(self.em, BlockItem(item_id=item, rationale="Waiting"))
        return item

    def planning_input(self, operation: str) -> dict[str, Any]:
        n = next(self.weeks)
        at = START + n * WEEK
        make: dict[str, Callable[[], dict[str, Any]]] = {
            "planIteration": lambda: {
                "productId": self.product,
                "name": f"Sprint {n}",
                "startsAt": at.isoformat(),
                "endsAt": (at + WEEK).isoformat(),
                "capacityPoints": 8,
            },
            "setIterationCapacity": lambda: {"iterationId": self.iteration(), "capacityPoints": 6},
            "proposeScope": lambda: {"iterationId": self.iteration(), "itemIds": [self.item()]},
            "commitIteration": lambda: {"iterationId": self.committed_ready()},
            "closeIteration": lambda: {"iterationId": self.committed()},
            "addDependency": lambda: {"itemId": self.item(), "dependsOnId": self.item()},
            "removeDependency": self.dependent,
            "blockItem": lambda: {"itemId": self.assigned(), "rationale": "Waiting for legal"},
            "unblockItem": lambda: {"itemId": self.blocked()},
            "setWipLimit": lambda: {"productId": self.product, "perEngineer": 3},
        }
        return make[operation]()

    def committed_ready(self) -> str:
        iteration, item = self.iteration(), self.item()
        self.api.tandem.decide(self.em, EstimateItem(item_id=item, points=3))
        self.api.tandem.decide(self.po, ProposeScope(iteration_id=iteration, item_ids=[item]))
        return iteration


def allowed(operation: str, product: str) -> dict[str, str]:
    po, em = PO_OF[product], EM_OF[product]
    dual = {"Jo"} if product == "Billing" else set()
    if operation == "proposeScope":
        return {po: PO, **dict.fromkeys(dual, PO)}
    who = {em: EM, **dict.fromkeys(dual, EM)}
    if operation in ("blockItem", "unblockItem"):  # and the engineer assigned to the item
        who[{"Checkout": "Cleo", "Billing": "Hal"}[product]] = "ENGINEER"
    return who


async def planned_world(world: World) -> dict[str, dict[str, str]]:
    """A committed iteration, a dependency and a blocked item on each product."""
    found = {}
    for product in ("Checkout", "Billing"):
        subjects = PlanningSubjects(world, product)
        iteration = subjects.committed()
        item = world.of(product)[f"{product}/Invoices"]
        api = world.api
        api.tandem.decide(subjects.em, AddDependency(item_id=item, depends_on_id=subjects.item()))
        engineer = subjects.engineer
        api.tandem.decide(subjects.em, AssignEngineer(item_id=item, member_id=engineer, percent=10))
        found[product] = {"product": world.ids[product], "iteration": iteration, "item": item}
    await world.api.settled()
    return found


@pytest.mark.parametrize("backend", BACKENDS)
async def test_every_planning_read_and_mutation_for_every_caller(backend: str) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            await with_jo(world)
            ids = await planned_world(world)
            for product, (path, (query, key)), caller in itertools.product(
                ("Checkout", "Billing"), READS.items(), CALLERS
            ):
                answer = await api.post(query, {"p": ids[product][key]}, as_=caller)
                want, what = expected(caller, product), (product, path, caller)
                if want == "ok":
                    assert not answer.errors, (*what, answer.body)
                else:
                    assert answer.code == want, (*what, answer.body)
                    assert f"({product})" not in answer.text, (*what, answer.text)
            for product in ("Checkout", "Billing"):
                subjects = PlanningSubjects(world, product)
                for operation, caller in itertools.product(INPUTS, DECIDERS):
                    fields = subjects.planning_input(operation)
                    await api.settled()
                    head = api.head()
                    answer = await api.post(document(operation), {"input": fields}, as_=caller)
                    who, what = allowed(operation, product), (product, operation, caller)
                    if caller in who:
                        assert not answer.errors, (*what, answer.body)
                        assert answer.data[operation]["decision"]["role"] == who[caller], what
                    else:
                        want = "UNAUTHENTICATED" if caller == "anonymous" else "FORBIDDEN"
                        assert answer.code == want, (*what, answer.body)
                        assert api.head() == head, (*what, "recorded")
