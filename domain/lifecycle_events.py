"""The everyday lifecycle's decision events: roles revoked, goals revised and closed,
items linked to goals, rejected, restored and requested. Like every decision they
carry who decided, in which role, why, and the values before and after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.backlog_item import BacklogItem, Goal
from domain.decision_subjects import SubjectDecision
from domain.product_events import ItemDecision, ItemProposed, ItemTransition, ProductDecision
from domain.vocabulary import ItemStatus

if TYPE_CHECKING:
    from domain.product import Product


class RoleRevoked(ProductDecision):
    member_id: str
    revoked: str

    def evolve(self, product: Product) -> None:
        held = [r for r in product.roles.get(self.member_id, []) if r != self.revoked]
        if held:
            product.roles[self.member_id] = held
        else:
            product.roles.pop(self.member_id, None)


class GoalDecision(SubjectDecision):
    """A decision about one goal; its subject in the audit trail is the goal."""

    goal_id: str

    def subject(self, product: Product) -> Goal:
        return next(g for g in product.goals if g.id == self.goal_id)


class GoalRevised(GoalDecision):
    title_before: str
    title_after: str
    metric_before: str | None
    metric_after: str | None
    target_date_before: str | None
    target_date_after: str | None

    def change(self, goal: Goal) -> None:
        goal.title = self.title_after
        goal.metric = self.metric_after
        goal.target_date = self.target_date_after


class GoalStatusChanged(GoalDecision):
    status_before: str
    status_after: str
    sets = "status", "status_after"


class ItemGoalsSet(ItemDecision):
    goals_before: list[str]
    goals_after: list[str]
    sets = "goal_ids", "goals_after"


class ItemRejected(ItemTransition):
    """DONE -> IN_PROGRESS: the value was not accepted."""


class ItemRestored(ItemDecision):
    """DROPPED -> PROPOSED or READY, entering at the bottom of the backlog."""

    status_before: str
    status_after: str
    rank_after: int

    def change(self, product: Product, item: BacklogItem) -> None:
        item.status = ItemStatus(self.status_after)
        product.order.append(self.item_id)
        product.backlog_version += 1


class ItemRequested(ItemProposed):
    """A stakeholder's request: proposed, remembering who asked (the actor)."""

    def evolve(self, product: Product) -> None:
        super().evolve(product)
        product.items[self.item_id].requested_by = self.actor_id


LIFECYCLE_DECISIONS: tuple[type[ProductDecision], ...] = (
    RoleRevoked,
    GoalRevised,
    GoalStatusChanged,
    ItemGoalsSet,
    ItemRejected,
    ItemRestored,
    ItemRequested,
)
