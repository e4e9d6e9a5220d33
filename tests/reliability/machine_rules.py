"""The decisions the state machine makes: every mutation of the contract, by any caller,
with values drawn from valid, malformed and out-of-range ones, and idempotency keys."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

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
from domain.outcome import Outcome
from domain.vocabulary import ItemKind, Role
from tests.given import open_ledger
from tests.reliability.machine import (
    CALLERS,
    EXPECTED,
    KEYS,
    PICK,
    RATIONALES,
    ROLES,
    TITLES,
    TandemMachine,
)
from tests.reliability.model import EM, PO, Prediction
from tests.reliability.model_backlog import TRANSITIONS

RANKS = st.one_of(st.integers(-1, 8), st.just(2**40))
PERCENTS = st.sampled_from((-1, 0, 1, 40, 50, 100, 101))
POINTS = st.sampled_from((0, 1, 2.5, 3, 5, 13, -1, 1000, 1000.5))
DESCRIPTIONS = st.sampled_from((None, "", "Codes at checkout", "  Pay later  ", "\x00"))
CRITERIA = st.sampled_from(
    (None, [], ["Works with Okta"], ["Works", "Fast"], ["Survives logout"], [""], ["x" * 501])
)
TARGETS = st.sampled_from((None, datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 3, 1)))
METRICS = st.sampled_from((None, "", "Conversion", "   "))


class DecisionMachine(TandemMachine):
    # -- administration ---------------------------------------------------------------

    @rule(caller=CALLERS, name=st.sampled_from(("Ana", "Zoe", "Yan", "")), variant=PICK)
    def register(self, caller: str, name: str, variant: int) -> None:
        actor, who = self.actor(caller)
        # Ana's own address conflicts; Zoe's and Yan's two are new the first time only.
        suffix = self.tag if name == "Ana" else f"{variant % 2}{self.tag}"
        email = f"{name.lower()}.{suffix}@tandem.example"

        def model(outcome: Outcome | None) -> Prediction:
            new_id = outcome.product_id if outcome else ""
            return self.model.register_member(who, name, email, new_id)

        self.attempt(
            "registerMember",
            lambda: self.app.decide(actor, RegisterMember(name=name, email=email)),
            model,
        )

    @rule(caller=CALLERS, name=TITLES, key=KEYS)
    def create_product(self, caller: str, name: str, key: str | None) -> None:
        actor, who = self.actor(caller)
        k = self.key(key, caller)

        def model(outcome: Outcome | None) -> Prediction:
            new_id = outcome.product_id if outcome else ""
            return self.model.create_product(who, name, "Invoices", k, new_id)

        self.attempt(
            "createProduct",
            lambda: self.app.decide(
                actor, CreateProduct(name=name, vision="Invoices"), idempotency_key=k
            ),
            model,
        )

    @rule(caller=CALLERS, product=PICK, member=PICK, role=ROLES, key=KEYS)
    def grant_role(
        self, caller: str, product: int, member: int, role: Role, key: str | None
    ) -> None:
        product_id, member_id, k = self.product(product), self.member(member), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO, EM))
        self.attempt(
            f"grantRole {role.value}",
            lambda: self.app.decide(
                actor,
                GrantRole(product_id=product_id, member_id=member_id, role=role),
                idempotency_key=k,
            ),
            lambda _: self.model.grant_role(who, product_id, member_id, role.value, k),
        )

    # -- Product Owner ----------------------------------------------------------------

    @rule(caller=CALLERS, product=PICK, vision=TITLES, why=RATIONALES, key=KEYS)
    def define_vision(
        self, caller: str, product: int, vision: str, why: str | None, key: str | None
    ) -> None:
        product_id, k = self.product(product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO,))
        self.attempt(
            "defineVision",
            lambda: self.app.decide(
                actor,
                DefineVision(product_id=product_id, vision=vision, rationale=why),
                idempotency_key=k,
            ),
            lambda _: self.model.define_vision(who, product_id, vision, why, k),
        )

    @rule(caller=CALLERS, product=PICK, title=TITLES, metric=METRICS, date=TARGETS, key=KEYS)
    def set_goal(
        self,
        caller: str,
        product: int,
        title: str,
        metric: str | None,
        date: datetime | None,
        key: str | None,
    ) -> None:
        product_id, k = self.product(product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO,))
        self.attempt(
            "setGoal",
            lambda: self.app.decide(
                actor,
                SetGoal(product_id=product_id, title=title, metric=metric, target_date=date),
                idempotency_key=k,
            ),
            lambda _: self.model.set_goal(who, product_id, title, metric, date, k),
        )

    @rule(caller=CALLERS, product=PICK, title=TITLES, why=RATIONALES, key=KEYS)
    def propose_item(
        self, caller: str, product: int, title: str, why: str | None, key: str | None
    ) -> None:
        product_id, k = self.product(product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO, EM))

        def model(outcome: Outcome | None) -> Prediction:
            new_id = (outcome.item_id if outcome else None) or str(uuid.uuid4())
            return self.model.propose_item(who, product_id, title, why, k, new_id)

        service = lambda: self.app.decide(  # noqa: E731
            actor,
            ProposeItem(
                product_id=product_id,
                title=title,
                description="",
                kind=ItemKind.FEATURE,
                rationale=why,
            ),
            idempotency_key=k,
        )
        self.attempt("proposeItem", service, model)

    @rule(caller=CALLERS, item=PICK, rank=RANKS, why=RATIONALES, how=EXPECTED, key=KEYS)
    def prioritize_item(
        self, caller: str, item: int, rank: int, why: str | None, how: str | None, key: str | None
    ) -> None:
        item_id, k = self.item(item), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (PO,))
        owner = self.model.items.get(item_id)
        backlog = self.model.products[owner.product].backlog_version if owner else 0
        expected = self.expected(how, backlog)
        self.attempt(
            f"prioritizeItem to {rank}",
            lambda: self.app.decide(
                actor,
                PrioritizeItem(
                    item_id=item_id, rank=rank, rationale=why, expected_version=expected
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.prioritize_item(who, item_id, rank, why, expected, k),
        )

    @rule(
        caller=CALLERS,
        item=PICK,
        description=DESCRIPTIONS,
        criteria=CRITERIA,
        how=EXPECTED,
        key=KEYS,
    )
    def refine_item(
        self,
        caller: str,
        item: int,
        description: str | None,
        criteria: list[str] | None,
        how: str | None,
        key: str | None,
    ) -> None:
        item_id, k = self.item(item), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (PO,))
        expected = self.expected(how, self.item_version(item_id))
        self.attempt(
            "refineItem",
            lambda: self.app.decide(
                actor,
                RefineItem(
                    item_id=item_id,
                    description=description,
                    acceptance_criteria=criteria,
                    expected_version=expected,
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.refine_item(who, item_id, description, criteria, expected, k),
        )

    @rule(
        caller=CALLERS,
        operation=st.sampled_from(sorted(TRANSITIONS)),
        item=PICK,
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def move_item(
        self,
        caller: str,
        operation: str,
        item: int,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        item_id, k = self.item(item), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (TRANSITIONS[operation][0],))
        expected = self.expected(how, self.item_version(item_id))
        command = {
            "startItem": StartItem,
            "completeItem": CompleteItem,
            "acceptItem": AcceptItem,
            "dropItem": DropItem,
        }[operation]
        self.attempt(
            operation,
            lambda: self.app.decide(
                actor, command(item_id=item_id, rationale=why, expected_version=expected), k
            ),
            lambda _: self.model.move_item(operation, who, item_id, why, expected, k),
        )

    @rule(caller=st.sampled_from(("planner",) * 5 + ("Cleo", "Eve", "admin")), how=EXPECTED)
    def advance_an_item(self, caller: str, how: str | None) -> None:
        """The next step in the life of the most advanced open item: refined, estimated,
        started, completed, accepted; random decisions alone seldom take one that far."""
        stages = ("PROPOSED", "READY", "IN_PROGRESS", "DONE")
        open_items = [i for i, m in self.model.items.items() if m.status in stages]
        if not open_items:
            return
        item_id = max(open_items, key=lambda i: stages.index(self.model.items[i].status))
        item = list(self.model.items).index(item_id)
        model = self.model.items[item_id]
        if model.status == "PROPOSED" and not model.criteria:
            self.refine_item(caller, item, None, ["Works with Okta"], how, None)
        elif model.status == "PROPOSED":
            self.estimate_item(caller, item, 3, how, None)
        else:
            operation = {"READY": "startItem", "IN_PROGRESS": "completeItem"}
            self.move_item(caller, operation.get(model.status, "acceptItem"), item, None, how, None)

    # -- Engineering Manager ----------------------------------------------------------

    @rule(caller=CALLERS, item=PICK, points=POINTS, how=EXPECTED, key=KEYS)
    def estimate_item(
        self, caller: str, item: int, points: float, how: str | None, key: str | None
    ) -> None:
        item_id, k = self.item(item), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (EM,))
        expected = self.expected(how, self.item_version(item_id))
        self.attempt(
            f"estimateItem {points}",
            lambda: self.app.decide(
                actor,
                EstimateItem(
                    item_id=item_id, points=points, rationale=None, expected_version=expected
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.estimate_item(who, item_id, points, expected, k),
        )

    @rule(caller=CALLERS, product=PICK, member=PICK, percent=PERCENTS, key=KEYS)
    def set_capacity(
        self, caller: str, product: int, member: int, percent: int, key: str | None
    ) -> None:
        product_id, member_id, k = self.product(product), self.member(member), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (EM,))
        self.attempt(
            "setCapacity",
            lambda: self.app.decide(
                actor,
                SetCapacity(
                    product_id=product_id, member_id=member_id, percent=percent, rationale=None
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.set_capacity(who, product_id, member_id, percent, k),
        )

    @rule(caller=CALLERS, item=PICK, member=PICK, percent=PERCENTS, key=KEYS)
    def assign_engineer(
        self, caller: str, item: int, member: int, percent: int, key: str | None
    ) -> None:
        item_id, member_id, k = self.item(item), self.member(member), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (EM,))
        self.attempt(
            "assignEngineer",
            lambda: self.app.decide(
                actor,
                AssignEngineer(
                    item_id=item_id, member_id=member_id, percent=percent, rationale=None
                ),
                idempotency_key=k,
            ),
            lambda _: self.model.assign_engineer(who, item_id, member_id, percent, k),
        )

    @rule(caller=CALLERS, item=PICK, member=PICK, key=KEYS)
    def unassign_engineer(self, caller: str, item: int, member: int, key: str | None) -> None:
        item_id, member_id, k = self.item(item), self.member(member), self.key(key, caller)
        actor, who = self.actor(caller, item_id, (EM,))
        self.attempt(
            "unassignEngineer",
            lambda: self.app.decide(
                actor,
                UnassignEngineer(item_id=item_id, member_id=member_id, rationale=None),
                idempotency_key=k,
            ),
            lambda _: self.model.unassign_engineer(who, item_id, member_id, k),
        )

    # -- retries, snapshots and restarts ----------------------------------------------

    @precondition(lambda self: self.last_call is not None)
    @rule(now=st.booleans())
    def send_the_last_keyed_decision_again(self, now: bool) -> None:
        """A client retrying: the same caller, key and request answer the first outcome."""
        if not now or self.last_call is None:
            return
        label, service, model = self.last_call
        self.attempt(f"retry of {label}", service, model)

    @rule(product=PICK)
    def take_a_snapshot(self, product: int) -> None:
        """What the snapshot taker (projections.snapshots) does as it follows the log."""
        product_id = self.product(product)
        model = self.model.products.get(product_id)
        if model is not None and self.snapshotted.get(product_id) != model.version:
            self.app.take_snapshot(uuid.UUID(product_id))  # one per version, as the runner does
            self.snapshotted[product_id] = model.version
            self.stats["snapshots"] += 1

    @precondition(lambda self: self.durable)
    @rule(dice=st.integers(1, 6))
    def restart(self, dice: int) -> None:
        """A fresh Tandem on the same store (now and then): nothing cached, all read back."""
        if dice != 6:
            return
        self.app.close()
        self.app = open_ledger(self.url)
        self.stats["restarts"] += 1
