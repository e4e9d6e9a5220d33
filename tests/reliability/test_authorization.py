"""The authorization matrix through every path (issue 7, item 10): two products, every kind
of caller, every read path, the subscription, every mutation.

Checkout's people (Ana PO, Ben EM, Cleo engineer, Dev stakeholder) and Billing's (Fay PO,
Gus EM, Hal engineer, Ivy stakeholder), Eve (a member of no product), the administrator
and an anonymous caller each try everything on both products.

How the contract's two rules are read, and applied the same way on every path:
- "a non-member gets FORBIDDEN": an id that names something of a product the caller is
  not a member of (the product, its items, its decisions, its people) is FORBIDDEN, on the
  root fields (product, item, node) and through every nested path; no part of the object
  (names, titles, summaries) appears in the answer. A member is "of" the products they
  hold roles on: visible to themselves, to those who share a product with them, and to
  the administrator.
- "a UUID that names nothing the caller may see is NOT_FOUND": a UUID that names nothing
  at all, or nothing of the kind the field returns (item(id:) given a product's id),
  is NOT_FOUND for every authenticated caller, member of anything or not.
- without a valid token everything is UNAUTHENTICATED (the subscription's connection is
  closed with 4403); the administrator reads everything.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from httpx_ws import WebSocketDisconnect

from domain.commands import (
    AssignEngineer,
    CompleteItem,
    DefineVision,
    EstimateItem,
    GrantRole,
    ProposeItem,
    RefineItem,
    RegisterMember,
    SetGoal,
    StartItem,
)
from domain.vocabulary import Role
from tests.api.documents import INPUTS, mutation
from tests.api.harness import Reply, running
from tests.api.websocket import connected
from tests.backends import database_url
from tests.reliability.figures import record
from tests.reliability.world import BILLING, World, two_products

CHECKOUT = {
    "Ana": "PRODUCT_OWNER",
    "Ben": "ENGINEERING_MANAGER",
    "Cleo": "ENGINEER",
    "Dev": "STAKEHOLDER",
}
MEMBERS = {"Checkout": CHECKOUT, "Billing": {n: r.value for n, r in BILLING.items()}}
CALLERS = (*CHECKOUT, *BILLING, "Eve", "admin", "anonymous")
PO, EM = "PRODUCT_OWNER", "ENGINEERING_MANAGER"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
PROMISE = "10. Nobody reads or decides outside their role, on any path"

PO_OF = {"Checkout": "Ana", "Billing": "Fay"}
# path -> (query, variables from the product's ids, what the answer shows when allowed)
Path = tuple[str, Callable[[dict[str, str]], dict[str, Any]], Callable[[str], str]]
ITEM = "Invoices"
READS: dict[str, Path] = {
    "product(id)": (
        "query($p: ID!) { product(id: $p) { name vision backlogVersion } }",
        lambda ids: {"p": ids["product"]},
        lambda product: product,
    ),
    "node(Product)": (
        "query($p: ID!) { node(id: $p) { id ... on Product { name } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: product,
    ),
    "item(id)": (
        "query($i: ID!) { item(id: $i) { title status rank } }",
        lambda ids: {"i": ids[ITEM]},
        lambda product: f"{ITEM} ({product})",
    ),
    "node(BacklogItem)": (
        "query($i: ID!) { node(id: $i) { id ... on BacklogItem { title } } }",
        lambda ids: {"i": ids[ITEM]},
        lambda product: f"{ITEM} ({product})",
    ),
    "node(Decision)": (
        "query($d: ID!) { node(id: $d) { id ... on Decision { summary } } }",
        lambda ids: {"d": ids["decision/0"]},
        lambda product: product,
    ),
    "node(Member)": (
        "query($m: ID!) { node(id: $m) { id ... on Member { name } } }",
        lambda ids: {"m": ids["po"]},
        lambda product: PO_OF[product],
    ),
    "backlog edges": (
        "query($p: ID!) { product(id: $p) { backlog { totalCount edges { cursor "
        "node { title assignments { percent member { name } } } } } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: f"({product})",
    ),
    "backlog edges, all statuses": (
        "query($p: ID!) { product(id: $p) { backlog(status: [ACCEPTED, DROPPED]) { edges { "
        "node { title status } } } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: f"Refunds ({product})",
    ),
    "decisions edges": (
        "query($p: ID!) { product(id: $p) { decisions(first: 500) { edges { "
        "node { summary role actor { name } changes { field } } } } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: PO_OF[product],
    ),
    "decisions by subject": (
        "query($p: ID!, $i: ID!) { product(id: $p) { decisions(filter: {subjectId: $i}) { "
        "edges { node { summary } } } } }",
        lambda ids: {"p": ids["product"], "i": ids[ITEM]},
        lambda product: f"{ITEM} ({product})",
    ),
    "item history": (
        "query($i: ID!) { item(id: $i) { history { summary role actor { name } } } }",
        lambda ids: {"i": ids[ITEM]},
        lambda product: PO_OF[product],
    ),
    "decision actor": (
        "query($d: ID!) { node(id: $d) { ... on Decision { actor { id name } } } }",
        lambda ids: {"d": ids["decision/last"]},
        lambda product: PO_OF[product],
    ),
    "members": (
        "query($p: ID!) { product(id: $p) { members { role member { id name } } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: PO_OF[product],
    ),
    "allocation": (
        "query($p: ID!) { product(id: $p) { allocation { members { capacityPercent "
        "member { name } items { title history { summary } } } } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: f"({product})",
    ),
    "goals": (
        "query($p: ID!) { product(id: $p) { goals { title status } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: f"{product} conversion",
    ),
    "backlog asOf": (
        "query($p: ID!, $t: DateTime) { product(id: $p) { backlog(asOf: $t) { "
        "edges { node { title history { summary } } } } } }",
        lambda ids: {"p": ids["product"], "t": "2030-01-01T00:00:00+00:00"},
        lambda product: f"({product})",
    ),
    "allocation asOf": (
        "query($p: ID!, $t: DateTime) { product(id: $p) { allocation(asOf: $t) "
        "{ members { member { name } items { title } } } } }",
        lambda ids: {"p": ids["product"], "t": "2030-01-01T00:00:00+00:00"},
        lambda product: f"({product})",
    ),
    "retrospective": (
        "query($p: ID!) { product(id: $p) { retrospective(from: "
        '"2020-01-01T00:00:00+00:00", to: "2030-01-01T00:00:00+00:00") { '
        "decisionCount rankChanges { item { title } } accepted { title } } } }",
        lambda ids: {"p": ids["product"]},
        lambda product: f"Refunds ({product})",
    ),
}
WRONG_KIND = {  # typed fields given an id of another kind, or of nothing
    "product(id: an item)": ("query($x: ID!) { product(id: $x) { name } }", ITEM),
    "product(id: a member)": ("query($x: ID!) { product(id: $x) { name } }", "po"),
    "item(id: a product)": ("query($x: ID!) { item(id: $x) { title } }", "product"),
    "item(id: a decision)": ("query($x: ID!) { item(id: $x) { title } }", "decision/0"),
    "node(id: nothing)": ("query($x: ID!) { node(id: $x) { id } }", "nothing"),
    "item(id: nothing)": ("query($x: ID!) { item(id: $x) { title } }", "nothing"),
}


def product_ids(world: World, product: str) -> dict[str, str]:
    own = {k.removeprefix(f"{product}/"): v for k, v in world.of(product).items()}
    decisions = sorted((k for k in own if k.startswith("decision/")), key=lambda k: int(k[9:]))
    return {
        **own,
        "product": world.ids[product],
        "po": world.ids[PO_OF[product]],
        "decision/last": own[decisions[-1]],
        "nothing": str(uuid.uuid4()),
    }


def expected(caller: str, product: str) -> str:
    if caller == "anonymous":
        return "UNAUTHENTICATED"
    if caller == "admin" or caller in MEMBERS[product]:
        return "ok"
    return "FORBIDDEN"


def secrets_of(world: World, product: str) -> list[str]:
    """What nobody outside the product may see in any answer."""
    return [f"({product})", f"{product} conversion", f"{product}, simply"]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_every_read_path_for_every_caller_on_two_products(backend: str) -> None:
    outcomes: Counter[str] = Counter()
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            for product, (path, (query, variables, shows)), caller in itertools.product(
                ("Checkout", "Billing"), READS.items(), CALLERS
            ):
                ids = product_ids(world, product)
                answer = await api.post(query, variables(ids), as_=caller)
                want, what = expected(caller, product), (product, path, caller)
                if want == "ok":
                    assert not answer.errors, (*what, answer.body)
                    assert shows(product) in answer.text, (*what, answer.body)
                else:
                    assert answer.code == want, (*what, answer.body)
                    assert not any((answer.data or {}).values()), (*what, answer.body)
                    leaked = [s for s in secrets_of(world, product) if s in answer.text]
                    assert not leaked and shows(product) not in answer.text, (*what, answer.text)
                outcomes[want] += 1
            wrong = await wrong_kinds(world)
            listed = await lists(world)
    record(
        PROMISE + ": reads",
        "tests/reliability/test_authorization.py::"
        "test_every_read_path_for_every_caller_on_two_products",
        backend,
        read_paths=len(READS),
        callers=len(CALLERS),
        products=2,
        reads=sum(outcomes.values()),
        allowed=outcomes["ok"],
        forbidden=outcomes["FORBIDDEN"],
        unauthenticated=outcomes["UNAUTHENTICATED"],
        not_found_wrong_kind_or_nothing=wrong,
        products_and_viewer_lists=listed,
        leaks=0,
    )


async def wrong_kinds(world: World) -> int:
    """An id of another kind, or of nothing, is NOT_FOUND for everyone but the anonymous."""
    api, tried = world.api, 0
    for product, (path, (query, key)), caller in itertools.product(
        ("Checkout", "Billing"), WRONG_KIND.items(), CALLERS
    ):
        answer = await api.post(query, {"x": product_ids(world, product)[key]}, as_=caller)
        want = "UNAUTHENTICATED" if caller == "anonymous" else "NOT_FOUND"
        assert answer.code == want, (product, path, caller, answer.body)
        tried += 1
    return tried


async def lists(world: World) -> int:
    """products lists exactly the caller's own (all for the administrator); viewer is the
    caller (null for the administrator)."""
    api, tried = world.api, 0
    for caller in CALLERS:
        products = await api.post("{ products { name } }", as_=caller)
        viewer = await api.post("{ viewer { name } }", as_=caller)
        if caller == "anonymous":
            assert products.code == viewer.code == "UNAUTHENTICATED"
        else:
            names = sorted(p["name"] for p in products.data["products"])
            mine = sorted(p for p, people in MEMBERS.items() if caller in people)
            assert names == (["Billing", "Checkout"] if caller == "admin" else mine), caller
            assert viewer.data == {"viewer": None if caller == "admin" else {"name": caller}}
        tried += 2
    for caller, other in (("Eve", "Eve"), ("Eve", "Ana"), ("Ana", "Eve"), ("Ana", "Fay")):
        answer = await api.post(
            "query($m: ID!) { node(id: $m) { ... on Member { name } } }",
            {"m": world.ids[other]},
            as_=caller,
        )
        if caller == other:
            assert answer.data == {"node": {"name": other}}
        else:
            assert answer.code == "FORBIDDEN" and other not in answer.text, (caller, other)
        tried += 1
    return tried


@pytest.mark.parametrize("backend", BACKENDS)
async def test_the_subscription_for_every_caller_on_two_products(backend: str) -> None:
    outcomes: Counter[str] = Counter()
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            async with api.websocket_client() as client:
                for product, caller in itertools.product(("Checkout", "Billing"), CALLERS):
                    want = expected(caller, product)
                    outcomes[want] += 1
                    if want == "UNAUTHENTICATED":
                        assert await closed_at_init(client) in (4401, 4403), (product, caller)
                        continue
                    async with connected(client, api.tokens[caller]) as sub:
                        assert (await sub.message())["type"] == "connection_ack"
                        await sub.subscribe(world.ids[product], after=0)
                        message = await sub.message()
                        text = json.dumps(message)
                        if want == "ok":
                            first = message["payload"]["data"]["decisionRecorded"]
                            assert first["type"] == "ProductCreated", (product, caller, message)
                            assert product in first["summary"]
                        else:
                            assert "FORBIDDEN" in text, (product, caller, message)
                            assert not any(
                                s in text for s in [product, *secrets_of(world, product)]
                            )
                live = await stays_within_its_product(world, client)
    record(
        PROMISE + ": subscription",
        "tests/reliability/test_authorization.py::"
        "test_the_subscription_for_every_caller_on_two_products",
        backend,
        subscriptions=sum(outcomes.values()),
        allowed=outcomes["ok"],
        forbidden=outcomes["FORBIDDEN"],
        closed_unauthenticated=outcomes["UNAUTHENTICATED"],
        live_decisions_checked=live,
        leaks=0,
    )


async def closed_at_init(client: Any) -> int | None:
    """The close code a connection without a token gets (None if it was not closed)."""
    codes: list[int] = []
    try:
        async with connected(client, None) as sub:
            await sub.message()
    except* WebSocketDisconnect as group:  # raised inside httpx-ws's task group at times
        codes += [e.code for e in group.exceptions if isinstance(e, WebSocketDisconnect)]
    return codes[0] if codes else None


async def stays_within_its_product(world: World, client: Any) -> int:
    """A subscriber to one product receives its decisions live and none of the other's."""
    api = world.api
    head = api.head()
    async with connected(client, api.tokens["Cleo"]) as sub:
        await sub.message()
        await sub.subscribe(world.checkout, after=head)
        fay, ana = api.actor("Fay"), api.actor("Ana")
        api.tandem.decide(fay, SetGoal(product_id=world.billing, title="Billing secret goal"))
        api.tandem.decide(ana, SetGoal(product_id=world.checkout, title="Checkout public goal"))
        api.tandem.decide(fay, SetGoal(product_id=world.billing, title="Billing second secret"))
        api.tandem.decide(
            ana,
            DefineVision(product_id=world.checkout, vision="Checkout, faster", rationale="Speed"),
        )
        received = [await sub.decision(), await sub.decision()]
    assert [d["type"] for d in received] == ["GoalSet", "VisionDefined"], received
    assert "secret" not in json.dumps(received) and all(d["position"] > head for d in received)
    return len(received)


EM_OF = {"Checkout": "Ben", "Billing": "Gus"}
ENGINEER_OF = {"Checkout": "Cleo", "Billing": "Hal"}
PO_DECISIONS = {"defineVision", "setGoal", "prioritizeItem", "refineItem", "acceptItem", "dropItem"}
EM_DECISIONS = {
    "estimateItem",
    "setCapacity",
    "assignEngineer",
    "unassignEngineer",
    "startItem",
    "completeItem",
}
DECIDERS = (*CALLERS, "Jo")  # Jo holds both PRODUCT_OWNER and ENGINEERING_MANAGER on Billing


def allowed(operation: str, product: str) -> dict[str, str | None]:
    """Who may make the decision on the product, and the role they decide in."""
    po, em = PO_OF[product], EM_OF[product]
    dual = {"Jo"} if product == "Billing" else set()
    if operation in ("registerMember", "createProduct"):
        return {"admin": None}
    if operation == "grantRole":  # of the ENGINEER role; EMs grant nothing else
        return {"admin": None, po: PO, em: EM, **dict.fromkeys(dual, PO)}
    if operation == "proposeItem":
        return {po: PO, em: EM, **dict.fromkeys(dual, PO)}
    if operation in PO_DECISIONS:
        return {po: PO, **dict.fromkeys(dual, PO)}
    assert operation in EM_DECISIONS, operation
    return {em: EM, **dict.fromkeys(dual, EM)}


class Subjects:
    """Fresh subjects on one product, each in the state its decision needs."""

    def __init__(self, world: World, product: str) -> None:
        self.api, self.product = world.api, world.ids[product]
        self.po, self.em = world.api.actor(PO_OF[product]), world.api.actor(EM_OF[product])
        self.engineer = world.api.ids[ENGINEER_OF[product]]
        self.count = itertools.count()

    def item(self) -> str:
        return str(
            self.api.tandem.decide(
                self.po, ProposeItem(product_id=self.product, title="Saved carts")
            ).item_id
        )

    def ready(self) -> str:
        item = self.item()
        self.api.tandem.decide(
            self.po, RefineItem(item_id=item, acceptance_criteria=["Survives logout"])
        )
        self.api.tandem.decide(self.em, EstimateItem(item_id=item, points=3))
        return item

    def started(self) -> str:
        item = self.ready()
        self.api.tandem.decide(self.em, StartItem(item_id=item))
        return item

    def done(self) -> str:
        item = self.started()
        self.api.tandem.decide(self.em, CompleteItem(item_id=item))
        return item

    def assigned(self) -> str:
        item = self.item()
        self.api.tandem.decide(
            self.em, AssignEngineer(item_id=item, member_id=self.engineer, percent=50)
        )
        return item

    def newcomer(self) -> str:
        n = next(self.count)
        email = f"new{n}.{uuid.uuid4().hex[:6]}@tandem.example"
        return self.api.tandem.decide(
            self.api.actor("admin"), RegisterMember(name=f"New {n}", email=email)
        ).member_id

    def input_for(self, operation: str) -> dict[str, Any]:
        product, engineer, n = self.product, self.engineer, next(self.count)
        make: dict[str, Callable[[], dict[str, Any]]] = {
            "registerMember": lambda: {
                "name": "Zoe",
                "email": f"zoe{n}{uuid.uuid4().hex[:6]}@x.io",
            },
            "createProduct": lambda: {"name": f"Payroll {n}", "vision": "Pay people"},
            "grantRole": lambda: {
                "productId": product,
                "memberId": self.newcomer(),
                "role": "ENGINEER",
            },
            "defineVision": lambda: {"productId": product, "vision": "Fast", "rationale": "Mobile"},
            "setGoal": lambda: {"productId": product, "title": "Churn -2%"},
            "proposeItem": lambda: {"productId": product, "title": "Promo codes"},
            "prioritizeItem": lambda: {"itemId": self.item(), "rank": 1, "rationale": "Sales"},
            "refineItem": lambda: {"itemId": self.item(), "description": "Codes"},
            "acceptItem": lambda: {"itemId": self.done()},
            "dropItem": lambda: {"itemId": self.item(), "rationale": "Out of scope"},
            "estimateItem": lambda: {"itemId": self.item(), "points": 5},
            "setCapacity": lambda: {"productId": product, "memberId": engineer, "percent": 50},
            "assignEngineer": lambda: {"itemId": self.item(), "memberId": engineer, "percent": 40},
            "unassignEngineer": lambda: {"itemId": self.assigned(), "memberId": engineer},
            "startItem": lambda: {"itemId": self.ready()},
            "completeItem": lambda: {"itemId": self.started()},
        }
        return make[operation]()


async def with_jo(world: World) -> None:
    api, admin = world.api, world.api.actor("admin")
    registration = api.tandem.decide(admin, RegisterMember(name="Jo", email="jo@tandem.example"))
    api.ids["Jo"], api.tokens["Jo"] = registration.member_id, registration.token
    for role in (Role.PRODUCT_OWNER, Role.ENGINEERING_MANAGER):
        api.tandem.decide(
            admin, GrantRole(product_id=world.billing, member_id=registration.member_id, role=role)
        )
    await api.settled()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_every_mutation_for_every_caller_on_two_products(backend: str) -> None:
    outcomes: Counter[str] = Counter()
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            await with_jo(world)
            for product in ("Checkout", "Billing"):
                subjects = Subjects(world, product)
                for operation, caller in itertools.product(INPUTS, DECIDERS):
                    fields = subjects.input_for(operation)
                    await api.settled()
                    head = api.head()
                    answer = await api.post(mutation(operation), {"input": fields}, as_=caller)
                    who, what = allowed(operation, product), (product, operation, caller)
                    outcomes[judged(answer, operation, who, what, api.head() > head)] += 1
            roles = await grants_by_role(world)
    assert set(INPUTS) == PO_DECISIONS | EM_DECISIONS | {
        "registerMember",
        "createProduct",
        "grantRole",
        "proposeItem",
    }
    record(
        PROMISE + ": mutations",
        "tests/reliability/test_authorization.py::"
        "test_every_mutation_for_every_caller_on_two_products",
        backend,
        mutations=len(INPUTS),
        callers=len(DECIDERS),
        products=2,
        requests=sum(outcomes.values()),
        allowed=outcomes["allowed"],
        forbidden=outcomes["FORBIDDEN"],
        unauthenticated=outcomes["UNAUTHENTICATED"],
        grant_role_by_role=roles,
        recorded_when_refused=0,
    )


def judged(
    answer: Reply,
    operation: str,
    who: Mapping[str, str | None],
    what: tuple[str, str, str],
    moved: bool,
    records: bool = True,
) -> str:
    """One request of a mutation matrix, checked; what it came to. `who` maps the callers
    allowed to the role their decision is recorded in, `what` is (product, operation,
    caller) and `moved` whether the log moved. An allowed caller's decision is recorded
    (if the operation `records` one) as theirs, in that role; anyone else is refused with
    the one code the rules give, and nothing is recorded."""
    caller = what[2]
    if caller in who:
        assert not answer.errors, (*what, answer.body)
        assert moved or not records, what
        decision = (answer.data[operation] or {}).get("decision")
        if decision is not None:
            assert decision["role"] == who[caller], (*what, decision)
            actor = None if caller == "admin" else {"name": caller}
            assert decision["actor"] == actor, (*what, decision)
        return "allowed"
    want = "UNAUTHENTICATED" if caller == "anonymous" else "FORBIDDEN"
    assert answer.code == want, (*what, answer.body)
    assert not moved, (*what, "recorded")
    return want


async def grants_by_role(world: World) -> int:
    """Every role granted by each product's PO, EM and Jo: an EM grants ENGINEER only; a
    member holding both decides as PO and grants anything."""
    api, tried = world.api, 0
    for product in ("Checkout", "Billing"):
        subjects = Subjects(world, product)
        granters = [PO_OF[product], EM_OF[product], *(["Jo"] if product == "Billing" else [])]
        for granter, role in itertools.product(granters, (PO, EM, "ENGINEER", "STAKEHOLDER")):
            fields = {
                "productId": world.ids[product],
                "memberId": subjects.newcomer(),
                "role": role,
            }
            await api.settled()
            head = api.head()
            answer = await api.post(mutation("grantRole"), {"input": fields}, as_=granter)
            if granter == EM_OF[product] and role != "ENGINEER":
                assert answer.code == "FORBIDDEN" and api.head() == head, (granter, role)
            else:
                decision = answer.data["grantRole"]["decision"]
                assert decision["role"] == (EM if granter == EM_OF[product] else PO), decision
            tried += 1
    return tried
