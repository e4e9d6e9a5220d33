"""The decisions the time travel benchmark's history is made of: a team of five, and
one valid decision at a time on a product in memory, drawn by weight (most of them
reprioritizations, as in a real backlog). Nothing here is measured."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from api.composition import Container
from domain.actor import Actor
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    DropItem,
    EstimateItem,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    SetCapacity,
    StartItem,
    UnassignEngineer,
)
from domain.product import Product
from domain.vocabulary import ItemKind, ItemStatus

# Decisions after the proposals, by weight; one that does not apply to the item
# drawn (starting an item that is not READY) becomes a reprioritization.
ACTIONS = (
    "prioritize", "refine", "estimate", "assign", "unassign",
    "start", "complete", "accept", "drop", "capacity",
)  # fmt: skip
WEIGHTS = (45, 13, 13, 11, 6, 1.5, 1.5, 1.5, 0.05, 0.2)
ADMIN = Actor.admin()


@dataclass
class Team:
    po: Actor
    em: Actor
    engineers: list[str]


@dataclass
class ProductPlan:
    """One product being generated: the aggregate in memory and how far it got."""

    product: Product
    decisions: int
    proposed: int = 0
    made: int = 0


def register_team(tandem: Container) -> Team:
    app = tandem.app
    ids = {
        name: app.decide(
            ADMIN, RegisterMember(name=name, email=f"{name.lower()}@bench.example")
        ).member_id
        for name in ("Ana", "Ben", "Cleo", "Dev", "Eli")
    }
    return Team(
        Actor.member(ids["Ana"]),
        Actor.member(ids["Ben"]),
        [ids["Cleo"], ids["Dev"], ids["Eli"]],
    )


def decide(plan: ProductPlan, team: Team, items: int, rng: random.Random, at: datetime) -> None:
    """One valid decision on the product: proposals over the first 5% of its
    history, then mostly reprioritization, refinement, estimates and assignments,
    with a trickle of items moving through to ACCEPTED or DROPPED (about a quarter
    of them by the end, so backlogs stay near `items` long)."""
    product, po, em = plan.product, team.po, team.em
    plan.made += 1
    due = items * min(1.0, plan.made / max(1.0, plan.decisions * 0.05))
    if (plan.proposed < items and plan.proposed < due) or not product.order:
        plan.proposed += 1
        title = f"Item {plan.proposed} of {product.name}"
        product.decide(
            po,
            ProposeItem(
                product_id=str(product.id),
                title=title,
                description=f"{title}, described",
                kind=ItemKind.FEATURE,
                rationale=None,
            ),
            at,
        )
        return
    item_id = rng.choice(product.order)
    item = product.items[item_id]
    rank = rng.randint(1, len(product.order))
    action = rng.choices(ACTIONS, WEIGHTS)[0]
    criteria = [f"criterion {rng.randint(1, 9)}"]
    if action == "refine" and criteria != item.acceptance_criteria:
        # A refinement that changes nothing is refused; that one becomes a reprioritization.
        product.decide(
            po,
            RefineItem(
                item_id=item_id,
                description=None,
                acceptance_criteria=criteria,
                expected_version=None,
            ),
            at,
        )
    elif action == "estimate":
        points = rng.choice([1, 2, 3, 5, 8, 13])
        product.decide(
            em,
            EstimateItem(
                item_id=item_id,
                points=points,
                rationale="sized in refinement",
                expected_version=None,
            ),
            at,
        )
    elif action == "assign":
        engineer = rng.choice(team.engineers)
        product.decide(
            em,
            AssignEngineer(
                item_id=item_id,
                member_id=engineer,
                percent=rng.choice([10, 20, 50]),
                rationale=None,
            ),
            at,
        )
    elif action == "unassign" and item.assignments:
        product.decide(
            em,
            UnassignEngineer(
                item_id=item_id, member_id=next(iter(item.assignments)), rationale=None
            ),
            at,
        )
    elif action == "start" and item.status is ItemStatus.READY:
        product.decide(em, StartItem(item_id=item_id, rationale=None, expected_version=None), at)
    elif action == "complete" and item.status is ItemStatus.IN_PROGRESS:
        product.decide(em, CompleteItem(item_id=item_id, rationale=None, expected_version=None), at)
    elif action == "accept" and item.status is ItemStatus.DONE:
        product.decide(po, AcceptItem(item_id=item_id, rationale=None, expected_version=None), at)
    elif action == "drop":
        product.decide(
            po, DropItem(item_id=item_id, rationale="out of scope", expected_version=None), at
        )
    elif action == "capacity":
        product.decide(
            em,
            SetCapacity(
                product_id=str(product.id),
                member_id=rng.choice(team.engineers),
                percent=rng.choice([50, 80, 100]),
                rationale=None,
            ),
            at,
        )
    else:
        product.decide(
            po,
            PrioritizeItem(
                item_id=item_id, rank=rank, rationale="customer asked", expected_version=None
            ),
            at,
        )
