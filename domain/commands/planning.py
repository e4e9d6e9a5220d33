"""Planning decisions: iterations and their two-party commitment, dependencies between
items, blocked items and the WIP limit."""

from __future__ import annotations

from domain.commands.base import Command, ItemCommand, ItemDecision, ProductCommand
from domain.commands.fields import (
    CapacityPoints,
    DependsOnId,
    ItemIdList,
    IterationId,
    IterationName,
    Moment,
    Rationale,
    RequiredRationale,
    WipLimit,
)


class IterationCommand(Command):
    """A decision about one iteration (its product is found from the iteration)."""

    iteration_id: IterationId
    rationale: Rationale = None
    expected_version: int | None = None
    """The iteration's version the decision was based on."""


class PlanIteration(ProductCommand):
    name: IterationName
    starts_at: Moment
    ends_at: Moment
    capacity_points: CapacityPoints
    rationale: Rationale = None


class SetIterationCapacity(IterationCommand):
    capacity_points: CapacityPoints


class ProposeScope(IterationCommand):
    item_ids: ItemIdList


class CommitIteration(IterationCommand):
    accept_overload: bool = False


class CloseIteration(IterationCommand):
    pass


class DependencyCommand(ItemCommand):
    """A decision about the item's dependency on another item of its product."""

    depends_on_id: DependsOnId
    rationale: Rationale = None


class AddDependency(DependencyCommand):
    pass


class RemoveDependency(DependencyCommand):
    pass


class BlockItem(ItemCommand):
    """The rationale is the reason the item is blocked."""

    rationale: RequiredRationale


class UnblockItem(ItemDecision):
    pass


class SetWipLimit(ProductCommand):
    per_engineer: WipLimit = None
    rationale: Rationale = None
