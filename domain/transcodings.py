"""JSON transcodings for the entities inside aggregate snapshots."""

from __future__ import annotations

from typing import Any, Protocol

from eventsourcing.persistence import Transcoding

from domain.backlog_item import BacklogItem, Goal
from domain.planning import Planning


class AsDictEntity(Protocol):
    def to_dict(self) -> dict[str, Any]: ...

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any: ...


class AsDict(Transcoding):
    """An entity stored as the dict of its `to_dict`, read back by its `from_dict`."""

    type: type[AsDictEntity]

    def encode(self, obj: AsDictEntity) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type.from_dict(data)


class BacklogItemAsDict(AsDict):
    type = BacklogItem
    name = "backlog_item"


class GoalAsDict(AsDict):
    type = Goal
    name = "goal"


class PlanningAsDict(AsDict):
    type = Planning
    name = "planning"
