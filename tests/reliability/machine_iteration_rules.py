"""The state machine's iteration decisions (issue 14): planIteration, setIterationCapacity,
proposeScope, commitIteration and closeIteration, by any caller, held to
model_iterations.py; an invariant compares every iteration."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from domain import commands as c
from domain.outcome import Outcome
from tests.reliability.machine import CALLERS, EXPECTED, KEYS, PICK, RATIONALES
from tests.reliability.machine_records_rules import PICKS, RecordsMachine
from tests.reliability.model import EM, PO, Prediction

MONDAY = datetime(2027, 1, 4, 9, tzinfo=UTC)
WEEKS = st.integers(0, 6)  # overlapping windows are likely, and so refused
LENGTHS = st.sampled_from((7, 14, 0, -7))  # days; 0 and negative end before they start
CAPACITIES = st.sampled_from((0, 8, 13, 40, -1))
OPERATIONS = ("commitIteration", "closeIteration")


class IterationMachine(RecordsMachine):
    def iteration(self, n: int) -> str:
        return self.pick(list(self.model.iterations), n, self.item(0))

    def iteration_version(self, iteration_id: str) -> int:
        iteration = self.model.iterations.get(iteration_id)
        return iteration.version if iteration else 1

    @rule(
        caller=CALLERS,
        product=PICK,
        week=WEEKS,
        days=LENGTHS,
        capacity=CAPACITIES,
        naive=st.sampled_from((False,) * 9 + (True,)),
        key=KEYS,
    )
    def plan_iteration(
        self,
        caller: str,
        product: int,
        week: int,
        days: int,
        capacity: int,
        naive: bool,
        key: str | None,
    ) -> None:
        product_id, k = self.product(product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (EM,))
        starts = MONDAY + timedelta(weeks=week)
        starts = starts.replace(tzinfo=None) if naive else starts
        ends = starts + timedelta(days=days)

        def model(outcome: Outcome | None) -> Prediction:
            new_id = (outcome.created_id if outcome else None) or str(uuid.uuid4())
            return self.model.plan_iteration(who, product_id, starts, ends, capacity, k, new_id)

        command = c.PlanIteration(
            product_id=product_id, name="Sprint", starts_at=starts, ends_at=ends,
            capacity_points=capacity,
        )  # fmt: skip
        self.attempt("planIteration", lambda: self.app.decide(actor, command, k), model)

    @rule(caller=CALLERS, iteration=PICK, capacity=CAPACITIES, how=EXPECTED, key=KEYS)
    def set_iteration_capacity(
        self, caller: str, iteration: int, capacity: int, how: str | None, key: str | None
    ) -> None:
        iteration_id, k = self.iteration(iteration), self.key(key, caller)
        owner = self.model.iterations.get(iteration_id)
        actor, who = self.actor(caller, owner.product if owner else None, (EM,))
        expected = self.expected(how, self.iteration_version(iteration_id))
        command = c.SetIterationCapacity(
            iteration_id=iteration_id, capacity_points=capacity, expected_version=expected
        )
        self.attempt(
            "setIterationCapacity",
            lambda: self.app.decide(actor, command, k),
            lambda _: self.model.set_iteration_capacity(who, iteration_id, capacity, expected, k),
        )

    @rule(caller=CALLERS, iteration=PICK, items=PICKS, why=RATIONALES, how=EXPECTED, key=KEYS)
    def propose_scope(
        self,
        caller: str,
        iteration: int,
        items: list[int],
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        iteration_id, k = self.iteration(iteration), self.key(key, caller)
        item_ids = [self.item(n) for n in items]
        owner = self.model.iterations.get(iteration_id)
        actor, who = self.actor(caller, owner.product if owner else None, (PO,))
        expected = self.expected(how, self.iteration_version(iteration_id))
        command = c.ProposeScope(
            iteration_id=iteration_id, item_ids=item_ids, rationale=why, expected_version=expected
        )
        self.attempt(
            "proposeScope",
            lambda: self.app.decide(actor, command, k),
            lambda _: self.model.propose_scope(who, iteration_id, item_ids, why, expected, k),
        )

    @rule(
        caller=CALLERS,
        operation=st.sampled_from(OPERATIONS),
        iteration=PICK,
        overload=st.booleans(),
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def commit_or_close(
        self,
        caller: str,
        operation: str,
        iteration: int,
        overload: bool,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        iteration_id, k = self.iteration(iteration), self.key(key, caller)
        owner = self.model.iterations.get(iteration_id)
        actor, who = self.actor(caller, owner.product if owner else None, (EM,))
        expected = self.expected(how, self.iteration_version(iteration_id))
        if operation == "commitIteration":
            command: c.Command = c.CommitIteration(
                iteration_id=iteration_id, accept_overload=overload, rationale=why,
                expected_version=expected,
            )  # fmt: skip

            def model(_: Outcome | None) -> Prediction:
                return self.model.commit_iteration(who, iteration_id, overload, why, expected, k)
        else:
            command = c.CloseIteration(
                iteration_id=iteration_id, rationale=why, expected_version=expected
            )

            def model(_: Outcome | None) -> Prediction:
                return self.model.close_iteration(who, iteration_id, why, expected, k)

        self.attempt(operation, lambda: self.app.decide(actor, command, k), model)

    @rule(
        caller=st.sampled_from(("planner",) * 4 + ("Ana", "Cleo", "admin")),
        step=st.sampled_from(("plan", "capacity", "propose", "commit", "close", "close")),
    )
    def run_an_iteration(self, caller: str, step: str) -> None:
        """Take an iteration as far as `step` (plan, propose, commit, close) with valid
        values, a stage at a time: random values seldom get one committed, let alone
        closed, within one example."""
        if step == "capacity" and self.model.iterations:
            self.set_iteration_capacity(caller, len(self.model.iterations) - 1, 20, None, None)
            return
        for _ in range(6):  # a stage refused (no READY item yet) leaves room to retry
            if self.next_stage(caller, step):
                return

    def next_stage(self, caller: str, step: str) -> bool:
        """One stage towards `step`; True once it was taken."""
        status = dict(enumerate(self.model.iterations.values()))
        planned = [n for n, it in status.items() if it.status == "PLANNED"]
        scoped = [n for n in planned if status[n].proposed]
        committed = [n for n, it in status.items() if it.status == "COMMITTED"]
        if step == "close" and committed:
            self.commit_or_close(caller, "closeIteration", committed[0], False, None, None, None)
            return True
        if step in ("commit", "close") and scoped:
            self.commit_or_close(caller, "commitIteration", scoped[0], True, "Stretch", None, None)
            return step == "commit"
        if step != "plan" and planned:
            owner = status[planned[0]].product
            ready = [
                n
                for n, m in enumerate(self.model.items.values())
                if m.product == owner and m.status in ("READY", "IN_PROGRESS")
            ]
            self.propose_scope(caller, planned[0], ready[:3], "Next sprint", None, None)
            return step == "propose"
        self.plan_iteration(caller, 0, len(status) * 2, 7, 40, False, None)
        return step == "plan"

    @invariant()
    def iterations_agree_with_the_model(self) -> None:
        for product_id in self.model.products:
            planning = vars(self.app.product(product_id)).get("planning")
            held = planning.iterations if planning is not None else {}
            mine = {i: m for i, m in self.model.iterations.items() if m.product == product_id}
            assert {
                i: (it.number, it.status, it.capacity, it.proposed, it.version)
                for i, it in held.items()
            } == {
                i: (m.number, m.status, m.capacity, m.proposed, m.version) for i, m in mine.items()
            }
