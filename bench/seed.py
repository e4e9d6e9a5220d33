"""The data the workloads decide on: a crew (a Product Owner, an Engineering Manager
and engineers) on some products with backlogs, and long histories generated through
the batched path (domain.bulk.Batch), so every generated decision obeys the rules."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from domain.actor import Actor
from domain.application import Tandem
from domain.bulk import Batch
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    CreateProduct,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    StartItem,
)
from domain.vocabulary import ItemKind, Role

ADMIN = Actor.admin()
ENGINEERS = ("Cleo", "Dev", "Eve", "Finn")


@dataclass
class Crew:
    """Ana is the Product Owner and Ben the Engineering Manager of every product."""

    app: Tandem
    ana: Actor
    ben: Actor
    engineers: list[str]
    products: list[str] = field(default_factory=list)
    items: dict[str, list[str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    """Bearer tokens by name, for the API workloads."""

    def prioritize(self, product: str, i: int) -> None:
        """The workloads' decision: move an item of `product` to another rank."""
        items = self.items[product]
        self.app.decide(
            self.ana,
            PrioritizeItem(
                item_id=items[(i * 7919) % len(items)],
                rank=(i * 31) % len(items) + 1,
                rationale="Customers ask",
            ),
        )


def gather(app: Tandem, *, products: int = 1, items: int = 100, tag: str = "") -> Crew:
    """Registers the crew and creates `products` products of `items` proposed items."""
    registered = {
        name: app.decide(ADMIN, RegisterMember(name=name, email=f"{name.lower()}{tag}@bench.test"))
        for name in ("Ana", "Ben", *ENGINEERS)
    }
    ids = {name: r.member_id for name, r in registered.items()}
    ana, ben = Actor.member(ids["Ana"]), Actor.member(ids["Ben"])
    crew = Crew(app, ana, ben, [ids[e] for e in ENGINEERS])
    crew.tokens = {name: r.token for name, r in registered.items()}
    for n in range(products):
        crew.products.append(add_product(crew, f"Product {n + 1}", items))
    return crew


def add_product(crew: Crew, name: str, items: int) -> str:
    app = crew.app
    product = app.decide(ADMIN, CreateProduct(name=name, vision="Pairs ship together")).product_id
    with Batch(app, product):
        app.decide(
            ADMIN,
            GrantRole(
                product_id=product, member_id=crew.ana.member_id or "", role=Role.PRODUCT_OWNER
            ),
        )
        app.decide(
            ADMIN,
            GrantRole(
                product_id=product,
                member_id=crew.ben.member_id or "",
                role=Role.ENGINEERING_MANAGER,
            ),
        )
        for engineer in crew.engineers:
            app.decide(ADMIN, GrantRole(product_id=product, member_id=engineer, role=Role.ENGINEER))
    crew.items[product] = []
    for start in range(0, items, 500):
        with Batch(app, product):
            crew.items[product] += [
                app.decide(crew.ana, ProposeItem(product_id=product, title=f"Item {n + 1}")).item_id
                or ""
                for n in range(start, min(start + 500, items))
            ]
    return product


@dataclass
class Lifecycle:
    """Where one product's generated items stand: each moves through
    proposed -> refined -> estimated (ready) -> assigned -> started -> done ->
    accepted, with reprioritizations in between."""

    product: str
    open: list[str] = field(default_factory=list)
    stages: dict[str, int] = field(default_factory=dict)


STAGES = ("refine", "estimate", "assign", "start", "complete", "accept")


def generate(crew: Crew, events: int, *, batch: int = 1000, seed: int = 7) -> int:
    """Appends about `events` decisions over the crew's products, `batch` decisions
    per save; returns how many were recorded. Not measured by any workload."""
    rng = random.Random(seed)
    lifecycles = [Lifecycle(p, list(crew.items[p])) for p in crew.products]
    made = 0
    while made < events:
        for life in lifecycles:
            count = min(batch, events - made)
            if count <= 0:
                break
            with Batch(crew.app, life.product):
                for _ in range(count):
                    decide(crew, life, rng)
            made += count
    return made


def decide(crew: Crew, life: Lifecycle, rng: random.Random) -> None:
    """One decision of a long history: mostly reprioritizations, some items moving
    through their lifecycle, a few new proposals (about one item per 50 decisions,
    so a product of 50,000 decisions has about 1,000 items)."""
    app, product = crew.app, life.product
    draw = rng.random()
    if len(life.open) < 10 or draw < 0.02:
        kind = rng.choice(list(ItemKind))
        title = f"Item {rng.randrange(10**6)}"
        item = app.decide(
            crew.ana,
            ProposeItem(
                product_id=product, title=title, description="", kind=kind, rationale="Users asked"
            ),
        )
        life.open.append(item.item_id or "")
    elif draw < 0.10:
        advance(crew, life, rng.choice(life.open), rng)
    else:
        rank = rng.randint(1, len(life.open))
        app.decide(
            crew.ana,
            PrioritizeItem(item_id=rng.choice(life.open), rank=rank, rationale="Market moved"),
        )


def advance(crew: Crew, life: Lifecycle, item_id: str, rng: random.Random) -> None:
    app = crew.app
    stage = life.stages.get(item_id, 0)
    step = STAGES[stage]
    if step == "refine":
        app.decide(
            crew.ana,
            RefineItem(
                item_id=item_id,
                description="Details",
                acceptance_criteria=["It works", "It is fast"],
            ),
        )
    elif step == "estimate":
        app.decide(
            crew.ben,
            EstimateItem(
                item_id=item_id, points=float(rng.choice((1, 2, 3, 5, 8))), rationale="Sized"
            ),
        )
    elif step == "assign":
        app.decide(
            crew.ben,
            AssignEngineer(
                item_id=item_id,
                member_id=rng.choice(crew.engineers),
                percent=50,
                rationale="Has context",
            ),
        )
    elif step == "start":
        app.decide(crew.ben, StartItem(item_id=item_id))
    elif step == "complete":
        app.decide(crew.ben, CompleteItem(item_id=item_id))
    else:
        app.decide(crew.ana, AcceptItem(item_id=item_id, rationale="Meets the criteria"))
        life.open.remove(item_id)
        life.stages.pop(item_id, None)
        return
    life.stages[item_id] = stage + 1


def assign_all(crew: Crew, product: str) -> None:
    """Gives every item of `product` one or two engineers (the API workloads' backlog)."""
    items = crew.items[product]
    for start in range(0, len(items), 500):
        with Batch(crew.app, product):
            for n, item in enumerate(items[start : start + 500], start):
                for k in range(1 + n % 2):
                    engineer = crew.engineers[(n + k) % len(crew.engineers)]
                    crew.app.decide(
                        crew.ben, AssignEngineer(item_id=item, member_id=engineer, percent=50)
                    )
