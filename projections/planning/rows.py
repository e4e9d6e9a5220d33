"""The rows the planning view serves."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class IterationRow:
    id: str
    product_id: str
    number: int
    name: str
    starts_at: str
    ends_at: str
    status: str
    capacity_points: float
    proposed: tuple[str, ...]
    committed: tuple[str, ...]
    committed_points: float
    delivered_points: float
    carried_over: tuple[str, ...]
    proposal_version: int | None
    commitment_version: int | None
    version: int
    scope_changes_after_commit: int
    closed_version: int | None = None


@dataclass(frozen=True)
class ForecastEntry:
    item_id: str
    cumulative_points: float
    estimated: bool


class VelocityBasis(StrEnum):
    """Where the forecast's velocity comes from, in order of preference."""

    GIVEN = "GIVEN"
    CLOSED_ITERATIONS = "CLOSED_ITERATIONS"
    PLANNED_CAPACITY = "PLANNED_CAPACITY"
    NONE = "NONE"


class BottleneckKind(StrEnum):
    """What holds the team back; bottlenecks are ordered in this order."""

    OVER_ALLOCATED = "OVER_ALLOCATED"
    OVER_WIP_LIMIT = "OVER_WIP_LIMIT"
    BLOCKED = "BLOCKED"
    DEPENDENCY_INVERSION = "DEPENDENCY_INVERSION"
    OVER_COMMITTED = "OVER_COMMITTED"


@dataclass(frozen=True)
class ForecastRow:
    """Velocity-independent: the velocity (given or the default) is applied when read."""

    velocity: float | None
    basis: VelocityBasis
    entries: tuple[ForecastEntry, ...]


@dataclass(frozen=True)
class BottleneckRow:
    kind: BottleneckKind
    subject_id: str
    summary: str
    """For member kinds, "{name}" stands for the member's name (filled in when read)."""
    order: int
    """The subject's rank (items) or number (iterations); members sort by name when read."""
    item_ids: tuple[str, ...] = ()
    member_id: str | None = None
    iteration_id: str | None = None


@dataclass(frozen=True)
class ItemLinks:
    depends_on: tuple[str, ...] = ()
    dependents: tuple[str, ...] = ()
    blocked_reason: str | None = None
    iteration_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanningRows:
    """Everything the planning view keeps for one product."""

    product_id: str
    version: int
    wip_limit: int | None
    forecast: ForecastRow
    bottlenecks: tuple[BottleneckRow, ...]
    iterations: tuple[IterationRow, ...]
    links: dict[str, ItemLinks] = field(default_factory=dict)
