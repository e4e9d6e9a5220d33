"""Planning state inside the Product aggregate: iterations, dependencies between
items, blocked items and the WIP limit.

Iterations live in the Product aggregate, not in one of their own: proposing and
committing a scope checks items' statuses, estimates and the backlog order, and a
dependency's cycle check reads every item's dependencies; one aggregate keeps those
rules consistent under concurrent decisions without a cross-aggregate transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class IterationStatus:
    PLANNED = "PLANNED"
    COMMITTED = "COMMITTED"
    CLOSED = "CLOSED"


@dataclass
class Iteration:
    """One iteration: its window, capacity, the proposed and committed scopes."""

    id: str
    number: int
    name: str
    starts_at: str
    ends_at: str
    capacity: float
    status: str = IterationStatus.PLANNED
    proposed: list[str] = field(default_factory=list)
    committed: list[str] = field(default_factory=list)
    committed_estimates: dict[str, float] = field(default_factory=dict)
    delivered: list[str] = field(default_factory=list)
    carried_over: list[str] = field(default_factory=list)
    delivered_points: float = 0.0
    proposal_version: int | None = None
    commitment_version: int | None = None
    ever_committed: bool = False
    scope_changes_after_commit: int = 0
    closed_at: str | None = None
    closed_version: int | None = None
    version: int = 1

    @property
    def committed_points(self) -> float:
        return float(sum(self.committed_estimates.values()))


@dataclass
class Planning:
    """Every planning fact of one product."""

    iterations: dict[str, Iteration] = field(default_factory=dict)
    depends_on: dict[str, list[str]] = field(default_factory=dict)
    blocked: dict[str, str] = field(default_factory=dict)
    wip_limit: int | None = None

    def dependents_of(self, item_id: str) -> list[str]:
        return [i for i, deps in self.depends_on.items() if item_id in deps]

    def path(self, start: str, goal: str) -> list[str] | None:
        """A chain of dependencies from `start` to `goal` (both included), if any."""
        seen: set[str] = set()
        stack: list[list[str]] = [[start]]
        while stack:
            chain = stack.pop()
            here = chain[-1]
            if here == goal:
                return chain
            if here in seen:
                continue
            seen.add(here)
            stack.extend([*chain, nxt] for nxt in reversed(self.depends_on.get(here, [])))
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "iterations": [asdict(it) for it in self.iterations.values()],
            "depends_on": {k: list(v) for k, v in self.depends_on.items()},
            "blocked": dict(self.blocked),
            "wip_limit": self.wip_limit,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Planning:
        iterations = [Iteration(**it) for it in data["iterations"]]
        return cls(
            iterations={it.id: it for it in iterations},
            depends_on={k: list(v) for k, v in data["depends_on"].items()},
            blocked=dict(data["blocked"]),
            wip_limit=data["wip_limit"],
        )
