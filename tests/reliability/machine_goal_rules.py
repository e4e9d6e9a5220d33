"""The state machine's goal decisions (issue 13): reviseGoal, changeGoalStatus and
setItemGoals, by any caller, held to model_records.py; an invariant compares every goal
and every item's goals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from domain import commands as c
from domain.vocabulary import GoalStatus
from tests.reliability.machine import CALLERS, EXPECTED, KEYS, PICK, RATIONALES, TITLES
from tests.reliability.machine_governance_rules import GovernanceMachine
from tests.reliability.model import PO
from tests.reliability.model_records import KEEP, GoalModel

KEPT = st.sampled_from((KEEP, KEEP, None))
METRICS = st.one_of(KEPT, st.sampled_from(("", "Conversion", "Churn", "   ")))
TARGETS = st.one_of(KEPT, st.sampled_from((datetime(2027, 6, 1, tzinfo=UTC), datetime(2027, 6, 1))))
PICKS = st.lists(PICK, max_size=3)


class GoalMachine(GovernanceMachine):
    # -- picking goals ---------------------------------------------------

    def goal_ids(self) -> list[str]:
        """The goals' ids, learnt from the service in the order each product set them
        (setGoal's outcome does not name the goal)."""
        for product_id in self.model.products:
            mine = [g for g in self.model.records.goals if g.product == product_id]
            if any(g.id is None for g in mine):
                for goal, held in zip(mine, self.app.product(product_id).goals, strict=False):
                    goal.id = held.id
        return [str(g.id) for g in self.model.records.goals]

    def goal(self, n: int, product: int) -> tuple[str, str]:
        """A goal and the product to name with it: its own, or any for an unknown id."""
        goal_id = self.pick(self.goal_ids(), n, self.item(0))
        found = self.model_goal(goal_id)
        return goal_id, found.product if found else self.product(product)

    def model_goal(self, goal_id: str) -> GoalModel | None:
        return next((g for g in self.model.records.goals if g.id == goal_id), None)

    def goal_version(self, goal_id: str) -> int:
        found = self.model_goal(goal_id)
        return found.version if found else 1

    # -- goals -----------------------------------------------------------------------

    @rule(
        caller=CALLERS,
        goal=PICK,
        product=PICK,
        title=st.one_of(KEPT, TITLES),
        metric=METRICS,
        date=TARGETS,
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def revise_goal(
        self,
        caller: str,
        goal: int,
        product: int,
        title: Any,
        metric: Any,
        date: Any,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        (goal_id, product_id), k = self.goal(goal, product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO,))
        expected = self.expected(how, self.goal_version(goal_id))
        revision = {"title": title, "metric": metric, "target": date}
        given = {k_: v for k_, v in revision.items() if v is not KEEP}
        fields = {("target_date" if f == "target" else f): v for f, v in given.items()}
        command = c.ReviseGoal(
            product_id=product_id, goal_id=goal_id, rationale=why, expected_version=expected,
            **fields,
        )  # fmt: skip
        self.attempt(
            "reviseGoal",
            lambda: self.app.decide(actor, command, idempotency_key=k),
            lambda _: self.model.revise_goal(who, product_id, goal_id, given, why, expected, k),
        )

    @rule(
        caller=CALLERS,
        goal=PICK,
        product=PICK,
        status=st.sampled_from(list(GoalStatus)),
        why=RATIONALES,
        how=EXPECTED,
        key=KEYS,
    )
    def change_goal_status(
        self,
        caller: str,
        goal: int,
        product: int,
        status: GoalStatus,
        why: str | None,
        how: str | None,
        key: str | None,
    ) -> None:
        (goal_id, product_id), k = self.goal(goal, product), self.key(key, caller)
        actor, who = self.actor(caller, product_id, (PO,))
        expected = self.expected(how, self.goal_version(goal_id))
        command = c.ChangeGoalStatus(
            product_id=product_id, goal_id=goal_id, status=status, rationale=why,
            expected_version=expected,
        )  # fmt: skip
        self.attempt(
            f"changeGoalStatus {status.value}",
            lambda: self.app.decide(actor, command, idempotency_key=k),
            lambda _: self.model.change_goal_status(
                who, product_id, goal_id, status.value, why, expected, k
            ),
        )

    @rule(caller=CALLERS, item=PICK, goals=PICKS, how=EXPECTED, key=KEYS)
    def set_item_goals(
        self, caller: str, item: int, goals: list[int], how: str | None, key: str | None
    ) -> None:
        item_id, k = self.item(item), self.key(key, caller)
        goal_ids = [self.pick(self.goal_ids(), n, self.item(0)) for n in goals]
        actor, who = self.actor(caller, item_id, (PO,))
        expected = self.expected(how, self.item_version(item_id))
        self.attempt(
            "setItemGoals",
            lambda: self.app.decide(
                actor,
                c.SetItemGoals(item_id=item_id, goal_ids=goal_ids, expected_version=expected),
                idempotency_key=k,
            ),
            lambda _: self.model.set_item_goals(who, item_id, goal_ids, expected, k),
        )

    @rule(
        caller=st.sampled_from(("planner",) * 4 + ("Ben", "Cleo", "Eve", "admin")),
        step=st.sampled_from(("set", "revise", "status")),
    )
    def work_on_a_goal(self, caller: str, step: str) -> None:
        """Valid goal decisions on what exists: picked at random, goals are seldom there
        to revise or close."""
        goals = self.goal_ids()
        if step == "set" or not goals:
            self.set_goal(caller, 0, "Conversion +5%", "Conversion", None, None)
        elif step == "revise":
            goal = self.model.records.goals[0]
            title = f"Conversion +{goal.version + 5}%"
            self.revise_goal(caller, 0, 0, title, KEEP, KEEP, "New data", None, None)
        else:
            current = self.model.records.goals[-1].status
            status = GoalStatus.ACHIEVED if current == "ACTIVE" else GoalStatus.ACTIVE
            self.change_goal_status(caller, len(goals) - 1, 0, status, "Reached", None, None)

    @invariant()
    def goals_agree_with_the_model(self) -> None:
        self.goal_ids()
        records = self.model.records
        for product_id in self.model.products:
            product = self.app.product(product_id)
            held = [
                (g.id, g.title, g.metric, g.target_date, g.status, g.version) for g in product.goals
            ]
            mine = [
                (g.id, g.title, g.metric, g.target, g.status, g.version)
                for g in records.goals
                if g.product == product_id
            ]
            assert held == mine
            for item_id, item in product.items.items():
                assert item.goal_ids == records.item_goals.get(item_id, []), item_id
