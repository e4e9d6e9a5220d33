"""The everyday lifecycle's decisions: revoking roles, revising and closing goals,
linking items to goals, rejecting and restoring items, stakeholders' requests."""

from __future__ import annotations

from domain.commands.base import ItemDecision, ProductCommand
from domain.commands.fields import (
    KEEP,
    Description,
    GoalId,
    GoalIds,
    GoalState,
    Kind,
    MemberId,
    RequiredRationale,
    RevisedInstant,
    RevisedMetric,
    RevisedTitle,
    RevokedRole,
    Title,
)
from domain.commands.items import MoveItem
from domain.vocabulary import ItemKind


class RevokeRole(ProductCommand):
    member_id: MemberId
    role: RevokedRole
    rationale: RequiredRationale


class GoalCommand(ProductCommand):
    """A decision about one goal of the product (the API finds the product from the
    goal; the aggregate checks the goal is the product's)."""

    goal_id: GoalId
    expected_version: int | None = None
    """The goal's version the decision was based on."""


class ReviseGoal(GoalCommand):
    """KEEP leaves a field as it is; None clears metric or targetDate."""

    title: RevisedTitle = KEEP
    metric: RevisedMetric = KEEP
    target_date: RevisedInstant = KEEP
    rationale: RequiredRationale


class ChangeGoalStatus(GoalCommand):
    status: GoalState
    rationale: RequiredRationale


class SetItemGoals(ItemDecision):
    """Replaces the item's goal links; an empty list clears them."""

    goal_ids: GoalIds


class RejectItem(MoveItem):
    """DONE -> IN_PROGRESS: the delivered value was not accepted."""

    rationale: RequiredRationale


class RestoreItem(MoveItem):
    """DROPPED -> PROPOSED (READY if refined and estimated), at the bottom."""

    rationale: RequiredRationale


class RequestItem(ProductCommand):
    """A stakeholder's request: PROPOSED at the bottom, with who asked and why."""

    title: Title
    description: Description = ""
    kind: Kind = ItemKind.FEATURE
    rationale: RequiredRationale
