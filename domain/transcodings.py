"""JSON transcodings for the entities inside aggregate snapshots."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Transcoding

from domain.backlog_item import BacklogItem, Goal
from domain.planning import Planning


class BacklogItemAsDict(Transcoding):
    type = BacklogItem
    name = "backlog_item"

    def encode(self, obj: BacklogItem) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> BacklogItem:
        return BacklogItem.from_dict(data)


class GoalAsDict(Transcoding):
    type = Goal
    name = "goal"

    def encode(self, obj: Goal) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Goal:
        return Goal.from_dict(data)


class PlanningAsDict(Transcoding):
    type = Planning
    name = "planning"

    def encode(self, obj: Planning) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Planning:
        return Planning.from_dict(data)
