"""A seeded random scenario: several members of every role deciding on two
products through the application service, beside a reference model of the
ranking rules written as plain list operations."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from domain.actor import Actor
from domain.application import Tandem
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
            name: app.register_member(admin, name, f"{name.lower()}@sim.test").member_id
            for name in PEOPLE
        }
        self.products = [
            app.create_product(admin, name, f"{name}, simulated").product_id or ""
            for name in ("Checkout", "Search")
        ]
        self.roles: dict[str, dict[Role, list[str]]] = {}
        for index, product in enumerate(self.products):
            holders: dict[Role, list[str]] = {}
            for name, roles in PEOPLE.items():
                app.grant_role(admin, product, self.ids[name], roles[index])
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
                outcome = app.propose_item(rng.choice([po, em]), product, title, "", kind)
                board.proposed(outcome.item_id or "")
            elif action == "prioritize":
                rank = rng.randint(1, len(board.order) + 2)
                app.prioritize_item(po, item, rank, f"to #{rank}")
                board.moved(item, rank)
            elif action == "refine":
                item = board.at("NEW", rng)
                criteria = [f"criterion {n}" for n in range(rng.choice([0, 1, 1, 2]))]
                app.refine_item(po, item, f"refined {rng.randint(1, 99)}", criteria)
                if stage[item] == "NEW" and criteria:
                    stage[item] = "REFINED"
            elif action == "estimate":
                item = board.at("REFINED", rng)
                app.estimate_item(em, item, rng.choice([0.5, 1, 2, 3, 5, 8]))
                if stage[item] == "REFINED":
                    stage[item] = "READY"
            elif action == "assign":
                app.assign_engineer(em, item, engineer, rng.choice([10, 20, 30, 50, 70]))
            elif action == "unassign":
                app.unassign_engineer(em, item, engineer)
            elif action == "start":
                item = board.at("READY", rng)
                app.start_item(em, item)
                stage[item] = "IN_PROGRESS"
            elif action == "complete":
                item = board.at("IN_PROGRESS", rng)
                app.complete_item(em, item)
                stage[item] = "DONE"
            elif action == "accept":
                item = board.at("DONE", rng)
                app.accept_item(po, item)
                board.closed(item)
                stage[item] = "CLOSED"
            elif action == "drop":
                app.drop_item(po, item, "out of scope")
                board.closed(item)
                stage[item] = "CLOSED"
            elif action == "capacity":
                app.set_capacity(em, product, engineer, rng.choice([40, 60, 80, 100]))
            elif action == "vision":
                app.define_vision(po, product, f"vision {rng.randint(1, 99)}", "pivot")
            else:
                app.set_goal(po, product, f"goal {rng.randint(1, 99)}")
        except DomainError:
            self.rejected += 1
            return
        self.recorded += 1
