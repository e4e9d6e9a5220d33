"""The Engineering Manager's people decisions on a product: positions (decisions every
member sees) and people records (private, each its own aggregate)."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from domain import commands as c
from domain import product_events as ev
from domain.errors import Conflict, NotFound
from domain.handlers import By, decides
from domain.people_events import (
    PeopleNote,
    PositionCancelled,
    PositionFilled,
    PositionLocator,
    PositionOpened,
    positions_of,
)
from domain.people_vocabulary import PositionStatus
from domain.product.state import ProductState
from domain.vocabulary import Role


class PeopleDecisions(ProductState):
    @decides(c.OpenPosition)
    def open_position(self, by: By, cmd: c.OpenPosition) -> str:
        position_id = self.record_new(PositionOpened, by, cmd, "position_id")
        locator = PositionLocator.locate(position_id, product_id=str(self.id), at=by.at)
        self.__dict__.setdefault("_made", []).append(locator)
        return position_id

    @decides(c.FillPosition)
    def fill_position(self, by: By, cmd: c.FillPosition) -> str:
        """PositionFilled, then RoleGranted (ENGINEER) unless already held: two
        decisions in one save of the product, so one transaction."""
        position = self.open_position_named(cmd.position_id)
        self.record(PositionFilled, by, cmd, status_before=position["status"])
        if Role.ENGINEER.value not in self.roles.get(cmd.member_id, []):
            self.record(ev.RoleGranted, by, cmd, granted=Role.ENGINEER.value)
        return cmd.position_id

    @decides(c.CancelPosition)
    def cancel_position(self, by: By, cmd: c.CancelPosition) -> str:
        position = self.open_position_named(cmd.position_id)
        self.record(PositionCancelled, by, cmd, status_before=position["status"])
        return cmd.position_id

    def open_position_named(self, position_id: str) -> dict[str, Any]:
        position = positions_of(self).get(position_id)
        if position is None:
            raise NotFound(f"no position {position_id}")
        if position["status"] != PositionStatus.OPEN.value:
            raise Conflict(f"the position is {position['status']}, not OPEN")
        return position

    @decides(c.RecordPeopleNote)
    def record_people_note(self, by: By, cmd: c.RecordPeopleNote) -> str:
        """Records no product event: the note is an aggregate of its own, saved with
        the product (see take_made)."""
        self.check_member_has_role(cmd.member_id)
        note = PeopleNote.write(
            at=by.at,
            product_id=str(self.id),
            member_id=cmd.member_id,
            author_id=by.actor_id,
            kind=cmd.kind.value,
            title=cmd.title,
            body=cmd.body,
        )
        self.__dict__.setdefault("_made", []).append(note)
        return str(note.id)

    def take_made(self) -> list[Aggregate]:
        """Aggregates the last decision created beside the product, saved with it;
        taken at once, so they never reach a snapshot of the product."""
        made: list[Aggregate] = self.__dict__.pop("_made", [])
        return made
