"""The permission matrix: every mutation and every read path, for every caller.

Each case is set up so that the only reason to refuse it is who asks: an allowed caller
succeeds, anybody else gets FORBIDDEN (UNAUTHENTICATED without a token) and records
nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from domain.commands import (
    AssignEngineer,
    CompleteItem,
    EstimateItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    StartItem,
)
from domain.vocabulary import Role
from tests.api.documents import INPUTS, mutation
from tests.api.harness import CALLERS, Api

PO, EM = {"Ana"}, {"Ben"}
ALLOWED: dict[str, set[str]] = {
    "registerMember": {"admin"},
    "createProduct": {"admin"},
    "grantRole": {"admin", "Ana", "Ben"},
    "defineVision": PO,
    "setGoal": PO,
    "prioritizeItem": PO,
    "refineItem": PO,
    "acceptItem": PO,
    "dropItem": PO,
    "proposeItem": PO | EM,
    "estimateItem": EM,
    "setCapacity": EM,
    "assignEngineer": EM,
    "unassignEngineer": EM,
    "startItem": EM,
    "completeItem": EM,
}
counter = itertools.count()


class Subjects:
    """Fresh subjects in the state each decision needs, made through the service."""

    def __init__(self, api: Api) -> None:
        self.api, self.ana, self.ben = api, api.actor("Ana"), api.actor("Ben")

    def item(self, title: str = "Saved carts") -> str:
        outcome = self.api.tandem.decide(
            self.ana, ProposeItem(product_id=self.api.product_id, title=title)
        )
        return str(outcome.item_id)

    def ready(self) -> str:
        item = self.item()
        self.api.tandem.decide(
            self.ana, RefineItem(item_id=item, acceptance_criteria=["Survives logout"])
        )
        self.api.tandem.decide(self.ben, EstimateItem(item_id=item, points=3))
        return item

    def in_progress(self) -> str:
        item = self.ready()
        self.api.tandem.decide(self.ben, StartItem(item_id=item))
        return item

    def done(self) -> str:
        item = self.in_progress()
        self.api.tandem.decide(self.ben, CompleteItem(item_id=item))
        return item

    def assigned(self) -> str:
        item = self.item()
        self.api.tandem.decide(
            self.ben, AssignEngineer(item_id=item, member_id=self.api.ids["Cleo"], percent=50)
        )
        return item

    def newcomer(self) -> str:
        n = next(counter)
        return self.api.tandem.decide(
            self.api.actor("admin"), RegisterMember(name=f"Fay {n}", email=f"fay{n}@tandem.example")
        ).member_id

    def input_for(self, operation: str) -> dict[str, Any]:
        product, cleo = self.api.product_id, self.api.ids["Cleo"]
        n = next(counter)
        make: dict[str, Callable[[], dict[str, Any]]] = {
            "registerMember": lambda: {"name": "Zoe", "email": f"zoe{n}@tandem.example"},
            "createProduct": lambda: {"name": f"Billing {n}", "vision": "Invoices"},
            "grantRole": lambda: {
                "productId": product,
                "memberId": self.newcomer(),
                "role": "ENGINEER",
            },
            "defineVision": lambda: {"productId": product, "vision": "Fast", "rationale": "Mobile"},
            "setGoal": lambda: {"productId": product, "title": "Conversion +5%"},
            "proposeItem": lambda: {"productId": product, "title": "Promo codes"},
            "prioritizeItem": lambda: {"itemId": self.item(), "rank": 1, "rationale": "Sales"},
            "refineItem": lambda: {"itemId": self.item(), "description": "Codes"},
            "acceptItem": lambda: {"itemId": self.done()},
            "dropItem": lambda: {"itemId": self.item(), "rationale": "Out of scope"},
            "estimateItem": lambda: {"itemId": self.item(), "points": 5},
            "setCapacity": lambda: {"productId": product, "memberId": cleo, "percent": 50},
            "assignEngineer": lambda: {"itemId": self.item(), "memberId": cleo, "percent": 40},
            "unassignEngineer": lambda: {"itemId": self.assigned(), "memberId": cleo},
            "startItem": lambda: {"itemId": self.ready()},
            "completeItem": lambda: {"itemId": self.in_progress()},
        }
        return make[operation]()


async def test_every_mutation_for_every_caller(api: Api) -> None:
    subjects, tried = Subjects(api), 0
    assert set(ALLOWED) == set(INPUTS)
    for operation, caller in itertools.product(ALLOWED, CALLERS):
        fields = subjects.input_for(operation)
        await api.settled()
        head = api.head()
        answer = await api.post(mutation(operation), {"input": fields}, as_=caller)
        if caller in ALLOWED[operation]:
            assert not answer.errors, (operation, caller, answer.body)
            assert api.head() > head
        else:
            expected = "UNAUTHENTICATED" if caller == "anonymous" else "FORBIDDEN"
            assert answer.code == expected, (operation, caller, answer.body)
            assert api.head() == head, (operation, caller)
        tried += 1
    assert tried == 16 * 7


async def test_an_engineering_manager_grants_the_engineer_role_only(api: Api) -> None:
    subjects = Subjects(api)
    for role in Role:
        member = subjects.newcomer()
        await api.settled()
        answer = await api.post(
            mutation("grantRole"),
            {"input": {"productId": api.product_id, "memberId": member, "role": role.value}},
            as_="Ben",
        )
        if role is Role.ENGINEER:
            assert not answer.errors, answer.body
        else:
            assert answer.code == "FORBIDDEN", answer.body


READS = {
    "product": "query($p: ID!) { product(id: $p) { name } }",
    "item": "query($i: ID!) { item(id: $i) { title } }",
    "node(product)": "query($p: ID!) { node(id: $p) { id } }",
    "node(item)": "query($i: ID!) { node(id: $i) { id } }",
    "node(decision)": "query($d: ID!) { node(id: $d) { id } }",
    "node(member)": "query($m: ID!) { node(id: $m) { id } }",
    "backlog edges": "query($p: ID!) { product(id: $p) { backlog { edges { node { id } } } } }",
    "decisions": "query($p: ID!) { product(id: $p) { decisions { edges { node { "
    "actor { name } } } } } }",
    "history": "query($i: ID!) { item(id: $i) { history { actor { name } } } }",
    "allocation": "query($p: ID!) { product(id: $p) { allocation { members { items { id } } } } }",
}


async def test_every_read_path_for_every_caller(api: Api) -> None:
    latest = await api.ok(
        "query($p: ID!) { product(id: $p) { decisions(first: 1) { edges { node { id } } } } }",
        {"p": api.product_id},
        as_="Ana",
    )
    ids = {
        "p": api.product_id,
        "i": api.ids["SSO login"],
        "m": api.ids["Ana"],
        "d": latest["product"]["decisions"]["edges"][0]["node"]["id"],
    }
    tried = 0
    for (path, query), caller in itertools.product(READS.items(), CALLERS):
        variables = {k: v for k, v in ids.items() if f"${k}" in query}
        answer = await api.post(query, variables, as_=caller)
        if caller == "anonymous":
            assert answer.code == "UNAUTHENTICATED", (path, answer.body)
        elif caller == "Eve":  # a member, but of no product here: nothing of it is visible
            assert answer.code == "FORBIDDEN", (path, answer.body)
            assert "Checkout" not in answer.text and "SSO login" not in answer.text
        else:
            assert not answer.errors, (path, caller, answer.body)
        tried += 1
    products = {c: await api.post("{ products { name } }", as_=c) for c in CALLERS}
    assert products["Eve"].data == {"products": []}
    assert products["anonymous"].code == "UNAUTHENTICATED"
    assert all(
        products[c].data == {"products": [{"name": "Checkout"}]}
        for c in ("Ana", "Ben", "Cleo", "Dev", "admin")
    )
    assert tried + len(products) == 11 * 7
