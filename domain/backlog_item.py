"""Entities inside the Product aggregate: backlog items and goals.

A BacklogItem lives inside its Product because the backlog order, an item's
status and its rank change together (accepting or dropping an item removes it
from the order); one aggregate keeps that consistent under concurrent decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.vocabulary import ItemKind, ItemStatus


@dataclass
class BacklogItem:
    """An item of the backlog as the write side knows it."""

    id: str
    title: str
    description: str
    kind: ItemKind
    status: ItemStatus = ItemStatus.PROPOSED
    estimate: float | None = None
    acceptance_criteria: list[str] = field(default_factory=list)
    assignments: dict[str, int] = field(default_factory=dict)
    version: int = 1
    goal_ids: list[str] = field(default_factory=list)
    requested_by: str | None = None

    def readiness(self) -> ItemStatus:
        """The status an unstarted item has given its refinement and estimate."""
        if self.status not in (ItemStatus.PROPOSED, ItemStatus.READY):
            return self.status
        if self.acceptance_criteria and self.estimate is not None:
            return ItemStatus.READY
        return ItemStatus.PROPOSED

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "kind": self.kind.value,
            "status": self.status.value,
            "estimate": self.estimate,
            "acceptance_criteria": list(self.acceptance_criteria),
            "assignments": dict(self.assignments),
            "version": self.version,
            "goal_ids": list(self.goal_ids),
            "requested_by": self.requested_by,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BacklogItem:
        return cls(
            id=data["id"],
            title=data["title"],
            description=data["description"],
            kind=ItemKind(data["kind"]),
            status=ItemStatus(data["status"]),
            estimate=data["estimate"],
            acceptance_criteria=list(data["acceptance_criteria"]),
            assignments=dict(data["assignments"]),
            version=data["version"],
            goal_ids=list(data.get("goal_ids", ())),
            requested_by=data.get("requested_by"),
        )


@dataclass
class Goal:
    """A product goal set by the Product Owner."""

    id: str
    title: str
    metric: str | None
    target_date: str | None
    status: str = "ACTIVE"
    version: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "metric": self.metric,
            "target_date": self.target_date,
            "status": self.status,
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        return cls(**data)
