"""Generates the long history the time travel benchmark measures on.

Events are built on Product aggregates in memory through their decision methods,
with an advancing clock, and saved in batches of a few hundred decisions; the
views and their snapshots are then built by the projection runners, as in
production. Nothing here is measured.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from api.composition import Container
from domain.actor import Actor
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    SetCapacity,
    StartItem,
    UnassignEngineer,
)
from domain.product import Product
from domain.vocabulary import ItemKind, ItemStatus, Role
from projections.engine.rebuild import rebuild_all
from projections.snapshots.taker import SnapshotTaker

MEASURED_FOLLOWERS = ("backlog", "decisions", "snapshots")
"""What the benchmark reads: the current backlog, instants and windows, snapshots."""

# Decisions after the proposals, by weight; one that does not apply to the item
# drawn (starting an item that is not READY) becomes a reprioritization.
ACTIONS = (
    "prioritize", "refine", "estimate", "assign", "unassign",
    "start", "complete", "accept", "drop", "capacity",
)  # fmt: skip
WEIGHTS = (45, 13, 13, 11, 6, 1.5, 1.5, 1.5, 0.05, 0.2)
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
SPAN = timedelta(days=365)
ADMIN = Actor.admin()


@dataclass(frozen=True)
class Scale:
    decisions: int
    products: int
    items: int

    @property
    def tag(self) -> str:
        return f"{self.decisions}d_{self.products}p_{self.items}i"


@dataclass
class Clock:
    """Advances by about `step` per decision, with jitter, over the whole span."""

    now: datetime
    step: timedelta
    rng: random.Random

    def __call__(self) -> datetime:
        self.now += self.step * (0.5 + self.rng.random())
        return self.now


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


def decide(plan: ProductPlan, team: Team, scale: Scale, rng: random.Random, at: datetime) -> None:
    """One valid decision on the product: proposals over the first 5% of its
    history, then mostly reprioritization, refinement, estimates and assignments,
    with a trickle of items moving through to ACCEPTED or DROPPED (about a quarter
    of them by the end, so backlogs stay near `scale.items` long)."""
    product, po, em = plan.product, team.po, team.em
    plan.made += 1
    due = scale.items * min(1.0, plan.made / max(1.0, plan.decisions * 0.05))
    if (plan.proposed < scale.items and plan.proposed < due) or not product.order:
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


def generate(tandem: Container, scale: Scale, seed: int, log: Callable[[str], None]) -> None:
    """Writes the history in batched saves (build_views projects it)."""
    rng = random.Random(seed)
    per_decision = SPAN / scale.decisions
    clock = Clock(START, per_decision, rng)
    tandem.app.clock = clock
    team = register_team(tandem)
    plans = []
    for n in range(scale.products):
        product = Product.create(name=f"Product {n + 1}", vision="Ship it", at=clock())
        product.decide(
            ADMIN,
            GrantRole(
                product_id=str(product.id),
                member_id=team.po.member_id or "",
                role=Role.PRODUCT_OWNER,
            ),
            clock(),
        )
        product.decide(
            ADMIN,
            GrantRole(
                product_id=str(product.id),
                member_id=team.em.member_id or "",
                role=Role.ENGINEERING_MANAGER,
            ),
            clock(),
        )
        for engineer in team.engineers:
            product.decide(
                ADMIN,
                GrantRole(product_id=str(product.id), member_id=engineer, role=Role.ENGINEER),
                clock(),
            )
        plans.append(ProductPlan(product, scale.decisions // scale.products))
    tandem.app.save(*(p.product for p in plans))
    started = time.monotonic()
    pending: set[int] = set()
    made = 0
    open_plans = list(range(len(plans)))
    while open_plans:
        index = rng.choice(open_plans)
        plan = plans[index]
        decide(plan, team, scale, rng, clock())
        pending.add(index)
        made += 1
        if plan.made >= plan.decisions:
            open_plans.remove(index)
        if made % 500 == 0 or not open_plans:
            tandem.app.save(*(plans[i].product for i in pending))
            pending.clear()
        if made % 100_000 == 0:
            log(f"  {made} decisions saved ({time.monotonic() - started:.0f}s)")
    ranked = sum(len(p.product.order) for p in plans) / len(plans)
    items = sum(len(p.product.items) for p in plans) / len(plans)
    log(f"  {made} decisions saved in {time.monotonic() - started:.0f}s; {items:.0f} items")
    log(f"  per product, {ranked:.0f} of them ranked at the end")


def build_views(tandem: Container, log: Callable[[str], None]) -> None:
    """The views time travel reads (decisions, backlog) and the snapshots, rebuilt in
    one pass over the log as `tandem rebuild` does; the other views are not needed."""
    started = time.monotonic()
    wanted = [r.view for r in tandem.projections.runners if r.name in MEASURED_FOLLOWERS]
    rebuild_all(tandem.app, tandem.projections.store, wanted, batch_size=2000)
    log(f"  {', '.join(MEASURED_FOLLOWERS)} built ({time.monotonic() - started:.0f}s)")


def snapshotted_every(tandem: Container, interval: int) -> bool:
    """Whether the time-travel store's checkpoints are every `interval` versions."""
    with tandem.projections.store.transaction() as tx:
        rows = tx.fetchall("SELECT MIN(version) FROM past_checkpoints")
    return bool(rows[0][0] == interval)


def resnapshot(tandem: Container, interval: int) -> None:
    """Rebuilds the time-travel store with a checkpoint every `interval` versions."""
    rebuild_all(tandem.app, tandem.projections.store, [SnapshotTaker(tandem.app, interval)])
