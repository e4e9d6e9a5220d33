"""A seeded random scenario: several members of every role deciding on two
products through the application service, beside a reference model of the
ranking rules written as plain list operations."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    CreateProduct,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    SetCapacity,
    SetGoal,
    StartItem,
    UnassignEngineer,
)
from domain.errors import DomainError
from domain.vocabulary import ItemKind, Role

PEOPLE = {
    "Ana": (Role.PRODUCT_OWNER, Role.STAKEHOLDER),
    "Pia": (Role.STAKEHOLDER, Role.PRODUCT_OWNER),
    "Eve": (Role.ENGINEERING_MANAGER, Role.ENGINEER),
    "Max": (Role.ENGINEER, Role.ENGINEERING_MANAGER),
    "Bo": (Role.ENGINEER, Role.ENGINEER),
    "Cy": (Role.ENGINEER, Role.STAKEHOLDER),
    "Di": (Role.STAKEHOLDER, Role.ENGINEER),
    "Sam": (Role.STAKEHOLDER, Role.STAKEHOLDER),
}
"""Each person's role on the first and on the second product."""


@dataclass
class Board:
    """The reference model of one product's ranking: proposals join at the
    bottom, a move takes the item out and puts it back at the asked rank (past
    the end means the bottom), acceptance and dropping take it out."""

    order: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    stage: dict[str, str] = field(default_factory=dict)
    """Where each item is, only to pick decisions likely to be allowed."""

    def proposed(self, item: str) -> None:
        self.items.append(item)
        self.order.append(item)
        self.stage[item] = "NEW"

    def moved(self, item: str, rank: int) -> None:
        self.order.remove(item)
        self.order.insert(min(rank, len(self.order) + 1) - 1, item)

    def closed(self, item: str) -> None:
        self.order.remove(item)

    def at(self, stage: str, rng: random.Random) -> str:
        """Mostly an item at the given stage; otherwise (or if none) any item."""
        candidates = [i for i in self.items if self.stage[i] == stage]
        if candidates and rng.random() < 0.8:
            return rng.choice(candidates)
        return rng.choice(self.items)


class Simulation:
    """Decides at random until `run(n)` has recorded n decisions."""

    def __init__(self, app: Tandem, rng: random.Random) -> None:
        self.app = app
        self.rng = rng
        admin = Actor.admin()
        self.ids = {
            name: app.decide(
                admin, RegisterMember(name=name, email=f"{name.lower()}@sim.test")
            ).member_id
            for name in PEOPLE
        }
        self.products = [
            app.decide(admin, CreateProduct(name=name, vision=f"{name}, simulated")).product_id
            or ""
            for name in ("Checkout", "Search")
        ]
        self.roles: dict[str, dict[Role, list[str]]] = {}
        for index, product in enumerate(self.products):
            holders: dict[Role, list[str]] = {}
            for name, roles in PEOPLE.items():
                app.decide(
                    admin,
                    GrantRole(product_id=product, member_id=self.ids[name], role=roles[index]),
                )
                holders.setdefault(roles[index], []).append(self.ids[name])
            self.roles[product] = holders
        self.boards = {product: Board() for product in self.products}
        self.recorded = 0
        self.rejected = 0

    def run(self, decisions: int, between: Callable[[], None] = lambda: None) -> None:
        target = self.recorded + decisions
        while self.recorded < target:
            self.step()
            between()

    def actor(self, product: str, role: Role) -> Actor:
        """Mostly someone holding the role; now and then anyone (who may be refused)."""
        if self.rng.random() < 0.1:
            return Actor.member(self.rng.choice(list(self.ids.values())))
        return Actor.member(self.rng.choice(self.roles[product][role]))

    def step(self) -> None:
        rng = self.rng
        product = rng.choice(self.products)
        board = self.boards[product]
        po = self.actor(product, Role.PRODUCT_OWNER)
        em = self.actor(product, Role.ENGINEERING_MANAGER)
        engineer = rng.choice(self.roles[product][Role.ENGINEER])
        item = rng.choice(board.items) if board.items else ""
        stage = board.stage
        app = self.app
        action = rng.choices(
            [
                "propose",
                "prioritize",
                "refine",
                "estimate",
                "assign",
                "unassign",
                "start",
                "complete",
                "accept",
                "drop",
                "capacity",
                "vision",
                "goal",
            ],
            weights=[14 if len(board.order) < 25 else 3, 16, 8, 8, 8, 3, 6, 5, 4, 2, 3, 1, 1],
        )[0]
        try:
            if action == "propose" or not item:
                kind = rng.choice(list(ItemKind))
                title = f"Item {len(board.items) + 1} of {product[:4]}"
                outcome = app.decide(
                    rng.choice([po, em]),
                    ProposeItem(product_id=product, title=title, description="", kind=kind),
                )
                board.proposed(outcome.item_id or "")
            elif action == "prioritize":
                rank = rng.randint(1, len(board.order) + 2)
                app.decide(po, PrioritizeItem(item_id=item, rank=rank, rationale=f"to #{rank}"))
                board.moved(item, rank)
            elif action == "refine":
                item = board.at("NEW", rng)
                criteria = [f"criterion {n}" for n in range(rng.choice([0, 1, 1, 2]))]
                app.decide(
                    po,
                    RefineItem(
                        item_id=item,
                        description=f"refined {rng.randint(1, 99)}",
                        acceptance_criteria=criteria,
                    ),
                )
                if stage[item] == "NEW" and criteria:
                    stage[item] = "REFINED"
            elif action == "estimate":
                item = board.at("REFINED", rng)
                app.decide(em, EstimateItem(item_id=item, points=rng.choice([0.5, 1, 2, 3, 5, 8])))
                if stage[item] == "REFINED":
                    stage[item] = "READY"
            elif action == "assign":
                app.decide(
                    em,
                    AssignEngineer(
                        item_id=item, member_id=engineer, percent=rng.choice([10, 20, 30, 50, 70])
                    ),
                )
            elif action == "unassign":
                app.decide(em, UnassignEngineer(item_id=item, member_id=engineer))
            elif action == "start":
                item = board.at("READY", rng)
                app.decide(em, StartItem(item_id=item))
                stage[item] = "IN_PROGRESS"
            elif action == "complete":
                item = board.at("IN_PROGRESS", rng)
                app.decide(em, CompleteItem(item_id=item))
                stage[item] = "DONE"
            elif action == "accept":
                item = board.at("DONE", rng)
                app.decide(po, AcceptItem(item_id=item))
                board.closed(item)
                stage[item] = "CLOSED"
            elif action == "drop":
                app.decide(po, DropItem(item_id=item, rationale="out of scope"))
                board.closed(item)
                stage[item] = "CLOSED"
            elif action == "capacity":
                app.decide(
                    em,
                    SetCapacity(
                        product_id=product,
                        member_id=engineer,
                        percent=rng.choice([40, 60, 80, 100]),
                    ),
                )
            elif action == "vision":
                app.decide(
                    po,
                    DefineVision(
                        product_id=product, vision=f"vision {rng.randint(1, 99)}", rationale="pivot"
                    ),
                )
            else:
                app.decide(po, SetGoal(product_id=product, title=f"goal {rng.randint(1, 99)}"))
        except DomainError:
            self.rejected += 1
            return
        self.recorded += 1
