"""Planning decisions: iterations and their two-party commitment, dependencies between
items, blocked items and the WIP limit."""

from __future__ import annotations

from dataclasses import dataclass

from domain.commands.base import Command, ItemCommand, ProductCommand
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


@dataclass(frozen=True, kw_only=True)
class IterationCommand(Command):
    """A decision about one iteration (its product is found from the iteration)."""

    iteration_id: IterationId
    rationale: Rationale = None
    expected_version: int | None = None
    """The iteration's version the decision was based on."""


@dataclass(frozen=True, kw_only=True)
class PlanIteration(ProductCommand):
    name: IterationName
    starts_at: Moment
    ends_at: Moment
    capacity_points: CapacityPoints
    rationale: Rationale = None


@dataclass(frozen=True, kw_only=True)
class SetIterationCapacity(IterationCommand):
    capacity_points: CapacityPoints


@dataclass(frozen=True, kw_only=True)
class ProposeScope(IterationCommand):
    item_ids: ItemIdList


@dataclass(frozen=True, kw_only=True)
class CommitIteration(IterationCommand):
    accept_overload: bool = False


@dataclass(frozen=True, kw_only=True)
class CloseIteration(IterationCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class AddDependency(ItemCommand):
    depends_on_id: DependsOnId
    rationale: Rationale = None


@dataclass(frozen=True, kw_only=True)
class RemoveDependency(ItemCommand):
    depends_on_id: DependsOnId
    rationale: Rationale = None


@dataclass(frozen=True, kw_only=True)
class BlockItem(ItemCommand):
    """The rationale is the reason the item is blocked."""

    rationale: RequiredRationale


@dataclass(frozen=True, kw_only=True)
class UnblockItem(ItemCommand):
    rationale: Rationale = None
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class SetWipLimit(ProductCommand):
    per_engineer: WipLimit = None
    rationale: Rationale = None
