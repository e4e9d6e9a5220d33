"""Seeded random histories for the time travel properties.

A Scenario drives the real application service: several members decide on two
products, with a clock the scenario moves before each decision (sometimes not at
all, sometimes a little backwards, the way a concurrent writer that read the clock
first may commit second). Right after each decision it captures the product as the
live side shows it, and the instant that decision must be recorded at.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from api.composition import Container, build
from api.settings import Settings
from domain.actor import Actor
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
    StartItem,
    UnassignEngineer,
)
from domain.product import Product
from domain.vocabulary import ItemStatus, Role
from projections.allocation.loads import member_loads
from projections.rows import ItemRow, MemberLoadRow

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EVERY_STATUS = frozenset(s.value for s in ItemStatus)

ItemState = tuple[str, int | None, str, float | None, tuple[tuple[str, int], ...]]
LoadState = tuple[str, int, int, tuple[str, ...]]


class SteppingClock:
    """Reads `now`; the scenario moves it before each decision."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def item_states(rows: list[ItemRow]) -> tuple[ItemState, ...]:
    """What a backlog shows of each item: id, rank, status, estimate, assignments."""
    return tuple(
        (
            r.id,
            r.rank,
            r.status,
            r.estimate,
            tuple(sorted((a.member_id, a.percent) for a in r.assignments)),
        )
        for r in rows
    )


def load_states(rows: list[MemberLoadRow]) -> tuple[LoadState, ...]:
    return tuple((r.member_id, r.capacity_percent, r.allocated_percent, r.item_ids) for r in rows)


def backlog_of(product: Product) -> tuple[ItemState, ...]:
    """The live backlog read straight off the aggregate: ranked items in order, then
    the others in proposal order (written apart from projections.backlog.render on purpose)."""
    ranked = [(i, n + 1) for n, i in enumerate(product.order)]
    unranked = [(i, None) for i, item in product.items.items() if i not in product.order]
    return tuple(
        (
            item_id,
            rank,
            product.items[item_id].status.value,
            product.items[item_id].estimate,
            tuple(sorted(product.items[item_id].assignments.items())),
        )
        for item_id, rank in ranked + unranked
    )


@dataclass(frozen=True)
class Moment:
    """A product right after one of its decisions."""

    version: int
    recorded: datetime
    backlog: tuple[ItemState, ...]
    allocation: tuple[LoadState, ...]


@dataclass
class Members:
    ana: Actor  # Product Owner of both products
    ben: Actor  # Engineering Manager of both
    finn: Actor  # Product Owner and Engineering Manager of the second
    engineers: list[str]


@dataclass
class Scenario:
    """A random history on two products, with what the live side showed after each
    decision (`moments`, per product, oldest first)."""

    tandem: Container
    clock: SteppingClock
    rng: random.Random
    catch_up_each: bool
    members: Members | None = None
    product_ids: list[str] = field(default_factory=list)
    moments: dict[str, list[Moment]] = field(default_factory=dict)
    created_at: datetime = START

    # -- the clock --------------------------------------------------------------

    def tick(self) -> bool:
        """Moves the clock for the next decision; True if it stepped back."""
        roll = self.rng.random()
        if roll < 0.15:
            return False  # several decisions at the same instant
        if roll < 0.3:
            # A concurrent writer read the clock earlier but commits now.
            self.clock.now -= timedelta(microseconds=self.rng.randint(1, 400_000))
            return True
        self.clock.now += timedelta(
            seconds=self.rng.choice([0, 1, 7, 60, 3600]),
            microseconds=self.rng.randint(1, 999_999),
        )
        return False

    # -- the team -----------------------------------------------------------------

    def gather(self) -> None:
        app, admin = self.tandem.app, Actor.admin()
        ids = {
            name: app.decide(
                admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
            ).member_id
            for name in ("Ana", "Ben", "Cleo", "Dev", "Finn")
        }
        self.members = Members(
            Actor.member(ids["Ana"]),
            Actor.member(ids["Ben"]),
            Actor.member(ids["Finn"]),
            [ids["Cleo"], ids["Dev"]],
        )
        self.created_at = self.clock.now
        for name in ("Checkout", "Search"):
            product_id = app.decide(
                admin, CreateProduct(name=name, vision=f"{name} that just works")
            ).product_id
            self.product_ids.append(product_id)
            self.moments[product_id] = []
            self.capture(product_id)
            grants = [("Ana", Role.PRODUCT_OWNER), ("Ben", Role.ENGINEERING_MANAGER)]
            grants += [("Cleo", Role.ENGINEER)]
            if name == "Search":
                grants += [("Finn", Role.PRODUCT_OWNER), ("Finn", Role.ENGINEERING_MANAGER)]
            for member, role in grants:
                self.tick()
                app.decide(
                    admin, GrantRole(product_id=product_id, member_id=ids[member], role=role)
                )
                self.capture(product_id)

    # -- deciding -----------------------------------------------------------------

    def run(self, decisions: int) -> None:
        self.gather()
        for _ in range(decisions):
            product_id = self.rng.choice(self.product_ids)
            if not (self.tick() and self.rng.random() < 0.5 and self.decide_undated(product_id)):
                self.decide(product_id)
            self.capture(product_id)
        self.tandem.projections.catch_up()

    def decide(self, product_id: str) -> None:
        app, m, rng = self.tandem.app, self.members, self.rng
        assert m is not None
        product = app.product(product_id)
        po = rng.choice([m.ana, m.finn]) if product.name == "Search" else m.ana
        em = rng.choice([m.ben, m.finn]) if product.name == "Search" else m.ben
        ranked = list(product.order)
        by_status: dict[ItemStatus, list[str]] = {}
        for item in product.items.values():
            by_status.setdefault(item.status, []).append(item.id)
        assigned = [i for i in ranked if product.items[i].assignments]
        engineers = [e for e in m.engineers if product.roles.get(e)]
        options = ["propose"] * 3
        if ranked:
            options += ["prioritize"] * 4 + ["refine", "estimate", "assign", "drop"]
        for status, action in (
            (ItemStatus.READY, "start"),
            (ItemStatus.IN_PROGRESS, "complete"),
            (ItemStatus.DONE, "accept"),
        ):
            if by_status.get(status):
                options += [action] * 2
        if assigned:
            options.append("unassign")
        options += ["capacity", "vision", "engineer"]
        action = rng.choice(options)
        pick = rng.choice(ranked) if ranked else ""
        n = len(self.moments[product_id])
        if action == "propose":
            app.decide(
                po,
                ProposeItem(
                    product_id=product_id, title=f"Item {n}", description=f"Described at {n}"
                ),
            )
        elif action == "prioritize":
            app.decide(
                po,
                PrioritizeItem(
                    item_id=pick, rank=rng.randint(1, len(ranked) + 1), rationale=f"Moved at {n}"
                ),
            )
        elif action == "refine":
            app.decide(po, RefineItem(item_id=pick, acceptance_criteria=[f"Criterion {n}"]))
        elif action == "estimate":
            app.decide(em, EstimateItem(item_id=pick, points=rng.choice([1, 2, 3, 5, 8, 0.5])))
        elif action == "assign":
            app.decide(
                em,
                AssignEngineer(
                    item_id=pick, member_id=rng.choice(engineers), percent=rng.choice([20, 50, 100])
                ),
            )
        elif action == "unassign":
            item_id = rng.choice(assigned)
            # In the order the scenario knows the engineers, not by their ids: ids are
            # random, and sorting them made a seed's history differ from run to run.
            assigned_to = product.items[item_id].assignments
            member = rng.choice([e for e in m.engineers if e in assigned_to])
            app.decide(em, UnassignEngineer(item_id=item_id, member_id=member))
        elif action == "drop":
            app.decide(po, DropItem(item_id=pick, rationale=f"Dropped at {n}"))
        elif action == "start":
            app.decide(em, StartItem(item_id=rng.choice(by_status[ItemStatus.READY])))
        elif action == "complete":
            app.decide(em, CompleteItem(item_id=rng.choice(by_status[ItemStatus.IN_PROGRESS])))
        elif action == "accept":
            app.decide(po, AcceptItem(item_id=rng.choice(by_status[ItemStatus.DONE])))
        elif action == "capacity":
            app.decide(
                em,
                SetCapacity(
                    product_id=product_id,
                    member_id=rng.choice(engineers),
                    percent=rng.choice([40, 80, 100]),
                ),
            )
        elif action == "vision":
            app.decide(
                po,
                DefineVision(
                    product_id=product_id, vision=f"Vision {n}", rationale="We learned something"
                ),
            )
        elif m.engineers[1] not in product.roles:
            app.decide(
                Actor.admin(),
                GrantRole(product_id=product_id, member_id=m.engineers[1], role=Role.ENGINEER),
            )
        else:
            # Dev is an engineer already (granting again records nothing).
            app.decide(em, ProposeItem(product_id=product_id, title=f"Item {n}"))

    def decide_undated(self, product_id: str) -> bool:
        """A decision dated before the product's last one: the service dates decisions
        no earlier than the product's previous one, but a writer that bypassed it (an
        older release, an import) may not have, and the views must cope."""
        assert self.members is not None
        product: Product = self.tandem.app.repository.get(uuid.UUID(product_id))
        if not product.order:
            return False
        item_id = self.rng.choice(product.order)
        rank = self.rng.randint(1, len(product.order))
        product.decide(
            self.members.ana,
            PrioritizeItem(item_id=item_id, rank=rank, rationale="Late", expected_version=None),
            self.clock.now,
        )
        self.tandem.app.save(product)
        return True

    def capture(self, product_id: str) -> None:
        """What the live side shows right after the decision just made."""
        product = self.tandem.app.product(product_id)
        moments = self.moments[product_id]
        previous = moments[-1].recorded if moments else None
        recorded = self.clock.now if previous is None or self.clock.now > previous else previous
        backlog = backlog_of(product)
        allocation = load_states(member_loads(product))
        moments.append(Moment(product.version, recorded, backlog, allocation))
        if self.catch_up_each:
            self.tandem.projections.catch_up()
            assert self.live_backlog(product_id) == backlog
            assert self.live_allocation(product_id) == allocation

    # -- reading the live views ---------------------------------------------------

    def live_backlog(self, product_id: str) -> tuple[ItemState, ...]:
        """The backlog view's rows, read with SQL (ranked by its order, then the rest)."""
        with self.tandem.projections.store.transaction() as tx:
            order = tx.fetchall(
                "SELECT order_ids FROM backlog_products WHERE product_id = ?", (product_id,)
            )
            rows = tx.fetchall(
                "SELECT item_id, status, estimate, assignments FROM backlog_items "
                "WHERE product_id = ? ORDER BY seq",
                (product_id,),
            )
        order_ids: list[str] = _json(order[0][0]) if order else []
        states: dict[str, ItemState] = {
            r[0]: (r[0], None, r[1], r[2], tuple(sorted(_json(r[3]).items()))) for r in rows
        }
        ranked = [(i, n + 1, *states[i][2:]) for n, i in enumerate(order_ids)]
        return tuple([*ranked, *(s for i, s in states.items() if i not in order_ids)])

    def live_allocation(self, product_id: str) -> tuple[LoadState, ...]:
        with self.tandem.projections.store.transaction() as tx:
            rows = tx.fetchall(
                "SELECT member_id, capacity_percent, allocated_percent, item_ids "
                "FROM allocation_loads WHERE product_id = ? ORDER BY seq",
                (product_id,),
            )
        return tuple((r[0], r[1], r[2], tuple(_json(r[3]))) for r in rows)

    # -- what time travel must answer -------------------------------------------

    def expected(self, product_id: str, at: datetime) -> Moment | None:
        """The moment after the last decision recorded at or before `at`."""
        found = None
        for moment in self.moments[product_id]:
            if moment.recorded <= at:
                found = moment
        return found

    def sample_instants(self, extra: int) -> list[datetime]:
        """Every recorded instant, a microsecond either side, the extremes, and
        random instants in between."""
        recorded = sorted({m.recorded for ms in self.moments.values() for m in ms})
        micro = timedelta(microseconds=1)
        chosen = set(recorded) | {t - micro for t in recorded} | {t + micro for t in recorded}
        chosen |= {self.created_at - timedelta(days=1), recorded[-1] + timedelta(days=365)}
        span = (recorded[-1] - recorded[0]).total_seconds()
        chosen |= {recorded[0] + timedelta(seconds=self.rng.uniform(0, span)) for _ in range(extra)}
        return sorted(chosen)


def _json(text: str) -> Any:
    return json.loads(text)


@contextmanager
def scenario(
    url: str, *, seed: int, snapshot_interval: int, catch_up_each: bool
) -> Iterator[Scenario]:
    clock = SteppingClock()
    settings = Settings(database_url=url, admin_token="x", snapshot_interval=snapshot_interval)
    tandem = build(settings, clock=clock)
    try:
        yield Scenario(tandem, clock, random.Random(seed), catch_up_each)
    finally:
        tandem.close()
