"""Decisions about backlog items: proposing, ordering, refining, estimating, staffing
and moving them through their states."""

from __future__ import annotations

from domain.commands.base import ItemCommand, ItemDecision, ProductCommand
from domain.commands.fields import (
    Criteria,
    Description,
    Kind,
    MemberId,
    NewDescription,
    NewKind,
    NewTitle,
    Points,
    Rank,
    Rationale,
    RequiredRationale,
    Share,
    Title,
)
from domain.vocabulary import ItemKind


class ProposeItem(ProductCommand):
    title: Title
    description: Description = ""
    kind: Kind = ItemKind.FEATURE
    rationale: Rationale = None


class PrioritizeItem(ItemCommand):
    rank: Rank
    rationale: RequiredRationale
    expected_version: int | None = None
    """The product's backlogVersion the decision was based on."""


class RefineItem(ItemDecision):
    """None leaves a field as it is."""

    description: NewDescription = None
    acceptance_criteria: Criteria = None
    title: NewTitle = None
    kind: NewKind = None


class EstimateItem(ItemDecision):
    points: Points


class AssignEngineer(ItemCommand):
    member_id: MemberId
    percent: Share
    rationale: Rationale = None


class UnassignEngineer(ItemCommand):
    member_id: MemberId
    rationale: Rationale = None


class MoveItem(ItemDecision):
    """A status decision: the item, why, and the item version it was based on."""


class StartItem(MoveItem):
    """READY -> IN_PROGRESS."""


class CompleteItem(MoveItem):
    """IN_PROGRESS -> DONE."""


class AcceptItem(MoveItem):
    """DONE -> ACCEPTED."""


class DropItem(MoveItem):
    """Any state before ACCEPTED -> DROPPED; auditors ask why, so a rationale is required."""

    rationale: RequiredRationale
