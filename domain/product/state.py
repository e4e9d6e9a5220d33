"""The Product aggregate's state and what every decision on it shares: who may take it,
the guards the rules use, and how a decision's event is recorded."""

from __future__ import annotations

import uuid
from dataclasses import fields
from datetime import date, datetime
from enum import Enum
from typing import Any, Self

from eventsourcing.domain import Aggregate

from domain import commands as c
from domain import product_events as ev
from domain.actor import Actor
from domain.backlog_item import BacklogItem, Goal
from domain.errors import Conflict, InvalidInput, NotFound
from domain.handlers import By, handler_for
from domain.permissions import role_for
from domain.vocabulary import Role


class ProductState(Aggregate):
    """Vision, goals, roles, capacities, items and their order."""

    def __init__(
        self, name: str, vision: str, actor_id: str | None, role: str | None, rationale: str | None
    ) -> None:
        self.name = name
        self.vision = vision
        self.goals: list[Goal] = []
        self.roles: dict[str, list[str]] = {}
        self.capacities: dict[str, int] = {}
        self.items: dict[str, BacklogItem] = {}
        self.order: list[str] = []
        self.backlog_version = 0

    @classmethod
    def create(cls, *, name: str, vision: str, at: datetime) -> Self:
        return cls._create(
            ev.ProductCreated, id=uuid.uuid4(), name=name, vision=vision, timestamp=at
        )

    # -- taking a decision -------------------------------------------------

    def decide(self, actor: Actor, command: c.Command, at: datetime) -> str | None:
        """Checks who may decide, then the rules, and records the decision's event;
        returns the id of what the decision created, if anything."""
        command = command.checked()
        return self.decide_as(self.role_for(actor, command), actor, command, at)

    def role_for(self, actor: Actor, command: c.Command) -> Role | None:
        item = self.items.get(getattr(command, "item_id", ""))
        return role_for(command, actor, self.roles, item.assignments if item else ())

    def decide_as(
        self, role: Role | None, actor: Actor, command: c.Command, at: datetime
    ) -> str | None:
        created: str | None = handler_for(command)(self, By(actor.member_id, role, at), command)
        return created

    # -- guards ------------------------------------------------------------

    def roles_of(self, member_id: str | None) -> list[Role]:
        return [Role(r) for r in self.roles.get(member_id or "", [])]

    def check_member_has_role(self, member_id: str) -> None:
        if not self.roles.get(member_id):
            raise InvalidInput("the member holds no role on this product")

    def item(self, item_id: str) -> BacklogItem:
        try:
            return self.items[item_id]
        except KeyError:
            raise NotFound(f"no backlog item {item_id}") from None

    @staticmethod
    def check_expected(expected: int | None, actual: int, what: str) -> None:
        if expected is not None and expected != actual:
            raise Conflict(f"{what} is at version {actual}, not {expected}")

    def open_item(self, item_id: str, expected_version: int | None) -> BacklogItem:
        """An item that may still change: neither ACCEPTED nor DROPPED."""
        item = self.item(item_id)
        self.check_expected(expected_version, item.version, "the item")
        if not item.status.is_ranked:
            raise Conflict(f"{item.status.article} {item.status.value} item cannot change any more")
        return item

    def rank_of(self, item_id: str) -> int | None:
        try:
            return self.order.index(item_id) + 1
        except ValueError:
            return None

    # -- mechanics ---------------------------------------------------------

    def introduce_item(self, event: type[Aggregate.Event], by: By, cmd: Any) -> str:
        """A new item at the bottom of the backlog (proposed or requested); its id."""
        return self.record_new(event, by, cmd, "item_id", rank=len(self.order) + 1)

    def record_new(
        self, event: type[Aggregate.Event], by: By, command: c.Command, id_field: str, **given: Any
    ) -> str:
        """Records a decision that creates something (an item, a risk, an iteration...)
        under a new id, given as the event's `id_field`; returns the id."""
        new_id = str(uuid.uuid4())
        self.record(event, by, command, **{id_field: new_id}, **given)
        return new_id

    def record(
        self, event: type[Aggregate.Event], by: By, command: c.Command, **given: Any
    ) -> None:
        """Triggers a decision event carrying who decided, in which role, why, and every
        input of the command the event has a field of that name for (the item, the
        member, a title...); `given` holds the rest (values before and after, numbers)."""
        for name in inputs_carried(event, type(command)):
            given.setdefault(name, stored(getattr(command, name)))
        self.trigger_event(
            event,
            actor_id=by.actor_id,
            role=by.role.value if by.role else None,
            rationale=getattr(command, "rationale", None),
            caused_by=command.caused_by,
            timestamp=by.at,
            **given,
        )


DECIDER_FIELDS = frozenset({"actor_id", "role", "rationale", "caused_by", "timestamp"})
"""What record() fills in from `By` and the command whatever the event."""


def inputs_carried(event: type[Any], command: type[Any]) -> tuple[str, ...]:
    """The command's fields the event stores under the same name."""
    names = {f.name for f in fields(event)} - DECIDER_FIELDS
    return tuple(f.name for f in fields(command) if f.name in names)


def stored(value: Any) -> Any:
    """A command's input as events store it: enums by value, tuples as lists, dates and
    instants in ISO 8601."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value
