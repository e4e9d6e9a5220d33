"""The reference model's goal, score, risk-link and architecture decisions (contract parts
lifecycle.graphql, integrity.graphql and governance.graphql; issues 13, 15 and 17).

Written from the contracts' header rules, in the order model.py lists them:
- setGoal saves the goal's locator with it (two events), as proposeItem does.
- reviseGoal, changeGoalStatus (PO, rationale required): a goal of the product, else
  NotFound; expectedVersion is the goal's. reviseGoal keeps a field left out (and a null
  title) and clears a null metric or targetDate; a revision that changes nothing is
  InvalidInput. Setting the status the goal has is Conflict.
- setItemGoals (PO): replaces the item's goals (distinct, in the order given); another
  product's goal, or none at all, is InvalidInput; expectedVersion is the item's.
- scoreItem (PO): WSJF-1 = (businessValue + timeCriticality + riskReduction) / jobSize,
  every input > 0; RICE-1 = reach * impact * confidence / effort, reach >= 0, impact > 0,
  0 < confidence <= 1, effort > 0; a missing or foreign input is InvalidInput. Only an
  open item (not ACCEPTED or DROPPED: Conflict); expectedVersion is the item's.
- setRiskItems (PO or EM): any risk, whatever its status; expectedVersion the risk's.
- proposeArchitectureDecision (EM): PROPOSED, numbered 1, 2, ... per product; it may
  supersede an ACCEPTED one (else Conflict). accept and reject (EM; reject needs a
  rationale): PROPOSED only (Conflict). Accepting one that supersedes records the
  supersession too (two events, one decision), if the old one is still ACCEPTED.
- Ids a decision names (itemIds, supersedesId) of another product are InvalidInput
  when the caller holds a role there, NotFound otherwise, as ids that name nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.errors import Conflict, InvalidInput, NotFound
from tests.reliability.model import (
    PO,
    Caller,
    ItemModel,
    Prediction,
    ProductModel,
    canonical,
    rationale,
    text,
)
from tests.reliability.model_governance import GovernanceModel

KEEP = object()  # a reviseGoal field left out


@dataclass
class GoalModel:
    product: str
    title: str
    metric: str | None
    target: str | None
    status: str = "ACTIVE"
    version: int = 1
    id: str | None = None  # learnt from the service: setGoal's outcome does not name it


@dataclass
class AdrModel:
    product: str
    number: int
    supersedes: str | None
    status: str = "PROPOSED"
    version: int = 1


@dataclass
class RecordsState:
    goals: list[GoalModel] = field(default_factory=list)
    item_goals: dict[str, list[str]] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    risk_items: dict[str, list[str]] = field(default_factory=dict)
    adrs: dict[str, AdrModel] = field(default_factory=dict)


class RecordsModel(GovernanceModel):
    def __init__(self) -> None:
        super().__init__()
        self.records = RecordsState()

    # -- references ----------------------------------------------------------------

    def own_items(self, caller: Caller, product_id: str, item_ids: tuple[str, ...]) -> None:
        for item_id in item_ids:
            owner = self.items.get(item_id)
            if owner is not None and owner.product == product_id:
                continue
            self.elsewhere(caller, owner.product if owner else None)

    def elsewhere(self, caller: Caller, product_id: str | None) -> None:
        """An id of another product (or of nothing): what the caller may learn of it."""
        other = self.products.get(product_id or "")
        if other is not None and other.roles.get(caller.member or ""):
            raise InvalidInput("of another product")
        raise NotFound("nothing the caller may see")

    # -- goals -----------------------------------------------------------------------

    def set_goal(
        self,
        caller: Caller,
        product_id: str,
        title: str,
        metric: str | None,
        target: datetime | None,
        key: str | None,
    ) -> Prediction:
        before = self.products.get(canonical(product_id))
        count = before.goals if before else 0
        prediction = super().set_goal(caller, product_id, title, metric, target, key)
        product = self.products[canonical(product_id)]
        if product.goals > count:
            prediction.events += 1  # and the goal's locator
            kept = (metric or "").strip() or None
            shown = target.isoformat() if target else None
            self.records.goals.append(GoalModel(canonical(product_id), title.strip(), kept, shown))
        return prediction

    def goal(self, product_id: str, goal_id: str, expected: int | None) -> GoalModel:
        found = next(
            (g for g in self.records.goals if g.id == goal_id and g.product == product_id), None
        )
        if found is None:
            raise NotFound(goal_id)
        self.expect(expected, found.version)
        return found

    def on_goal(
        self,
        caller: Caller,
        key: str | None,
        request: tuple[object, ...],
        product_id: str,
        goal_id: str,
        expected: int | None,
        change: Callable[[GoalModel], None],
    ) -> Prediction:
        product_id, goal_id = canonical(product_id), canonical(goal_id)

        def decide(product: ProductModel) -> None:
            self.role(product, caller, (PO,))
            goal = self.goal(product_id, goal_id, expected)
            change(goal)
            goal.version += 1

        request = (*request, goal_id, expected)
        return self.on_product(caller, key, request, product_id, decide)

    def revise_goal(
        self,
        caller: Caller,
        product_id: str,
        goal_id: str,
        revision: dict[str, Any],
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        title, metric, target = (revision.get(f, KEEP) for f in ("title", "metric", "target"))
        title = title if title in (KEEP, None) else text(title, 200)
        metric = metric if metric is KEEP else (text(metric, 2_000) if metric else None)
        if isinstance(target, datetime) and target.tzinfo is None:
            raise InvalidInput("targetDate")
        target = target.isoformat() if isinstance(target, datetime) else target
        why = rationale(why, required=True)

        def change(goal: GoalModel) -> None:
            after = (
                goal.title if title in (KEEP, None) else title,
                goal.metric if metric is KEEP else metric,
                goal.target if target is KEEP else target,
            )
            if after == (goal.title, goal.metric, goal.target):
                raise InvalidInput("the revision changes nothing")
            goal.title, goal.metric, goal.target = after

        shown = tuple(str(v) if v is KEEP else v for v in (title, metric, target))
        request = ("reviseGoal", *shown, why)
        return self.on_goal(caller, key, request, product_id, goal_id, expected, change)

    def change_goal_status(
        self,
        caller: Caller,
        product_id: str,
        goal_id: str,
        status: str,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        why = rationale(why, required=True)

        def change(goal: GoalModel) -> None:
            if goal.status == status:
                raise Conflict(f"the goal is {status} already")
            goal.status = status

        request = ("changeGoalStatus", status, why)
        return self.on_goal(caller, key, request, product_id, goal_id, expected, change)

    def set_item_goals(
        self,
        caller: Caller,
        item_id: str,
        goal_ids: list[str],
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(item_id)
        wanted = list(dict.fromkeys(canonical(g) for g in goal_ids))

        def change(product: ProductModel, item: ItemModel) -> None:
            self.role(product, caller, (PO,))
            self.expect(expected, item.version)
            ours = {g.id for g in self.records.goals if g.product == item.product}
            if any(g not in ours for g in wanted):
                raise InvalidInput("a goal of another product")
            self.records.item_goals[canonical(item_id)] = wanted

        request = ("setItemGoals", tuple(wanted), expected)
        return self.on_item(caller, key, request, item_id, change)
