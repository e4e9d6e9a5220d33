"""The people area's events: positions (product decisions every member sees), the
private people records (their own aggregate, never a product event), and the
members' lifecycle (events of the Member aggregate, recorded by no product)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.event_fields import declared_beyond, same_named
from domain.locators import ProductLocator
from domain.people_vocabulary import PositionStatus
from domain.personal_data import FORGOTTEN_NAME
from domain.product_events import ProductDecision

if TYPE_CHECKING:
    from domain.product import Product


def positions_of(product: Any) -> dict[str, dict[str, Any]]:
    """The product's positions by id, created lazily: products (and their snapshots)
    recorded before positions existed have none."""
    positions: dict[str, dict[str, Any]] = product.__dict__.setdefault("positions", {})
    return positions


class PositionOpened(ProductDecision):
    position_id: str
    title: str
    description: str

    def evolve(self, product: Product) -> None:
        positions_of(product)[self.position_id] = {
            "id": self.position_id,
            "title": self.title,
            "description": self.description,
            "status": PositionStatus.OPEN.value,
            "filled_by": None,
            "version": 1,
        }


class PositionFilled(ProductDecision):
    position_id: str
    member_id: str
    status_before: str

    def evolve(self, product: Product) -> None:
        position = positions_of(product)[self.position_id]
        position.update(status=PositionStatus.FILLED.value, filled_by=self.member_id)
        position["version"] += 1


class PositionCancelled(ProductDecision):
    position_id: str
    status_before: str

    def evolve(self, product: Product) -> None:
        position = positions_of(product)[self.position_id]
        position["status"] = PositionStatus.CANCELLED.value
        position["version"] += 1


POSITION_DECISIONS: tuple[type[ProductDecision], ...] = (
    PositionOpened,
    PositionFilled,
    PositionCancelled,
)


class PositionLocated(Aggregate.Created):
    product_id: str


class PositionLocator(ProductLocator):
    """Has the position's own id and names its product; saved with PositionOpened."""

    located = PositionLocated


class PeopleNoteRecorded(Aggregate.Created):
    """Private: who may read it is decided where it is read (projections/people)."""

    product_id: str
    member_id: str
    author_id: str | None
    kind: str
    title: str
    body: str

    def apply(self, aggregate: Any) -> None:
        """The note holds what it was recorded with, under the same names."""
        vars(aggregate).update(same_named(self, *declared_beyond(type(self), Aggregate.Created)))


class PeopleNote(Aggregate):
    """One people record about a member: an aggregate of its own, so the record is
    never an event of the product and no decisions view, subscription, retrospective
    or history (all of which follow product events) can ever show it. It holds the
    fields of PeopleNoteRecorded, which sets them."""

    @classmethod
    def write(cls, *, at: datetime, **fields: Any) -> PeopleNote:
        return cls._create(PeopleNoteRecorded, id=uuid.uuid4(), timestamp=at, **fields)


class MemberDecision(Aggregate.Event):
    """A decision about a member's lifecycle, an event of the Member aggregate."""

    actor_id: str | None
    rationale: str | None


class MemberTokenRotated(MemberDecision):
    credential_id: str

    def apply(self, member: Any) -> None:
        member.credential_id = self.credential_id


class MemberDeactivated(MemberDecision):
    def apply(self, member: Any) -> None:
        member.active = False


class MemberForgotten(MemberDecision):
    """The member's personal data was erased: their key is destroyed, so what was
    sealed under it (domain.personal_data) reads as forgotten from now on."""

    def apply(self, member: Any) -> None:
        member.active = False
        member.forgotten = True
        member.name, member.email = FORGOTTEN_NAME, None
