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
from bench.time_travel_decisions import ADMIN, ProductPlan, decide, register_team
from domain.commands import GrantRole
from domain.product import Product
from domain.vocabulary import Role
from projections.engine.rebuild import rebuild_all
from projections.snapshots.taker import SnapshotTaker

MEASURED_FOLLOWERS = ("backlog", "decisions", "snapshots")
"""What the benchmark reads: the current backlog, instants and windows, snapshots."""
START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
SPAN = timedelta(days=365)


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
        decide(plan, team, scale.items, rng, clock())
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
