"""Finding the product of a risk, an architecture decision or a goal from its id alone,
and checking the ids a governance decision names: what the decision path adds for them.

A RecordLocator is saved in the same save as the RiskRaised,
ArchitectureDecisionProposed or GoalSet that creates its record, as an ItemLocator is
with its item, so a new id resolves with no dependency on a projection. Goals set before
goals had locators have none: product_of_goal answers NotFound for them, and the API
then finds their product in the views (a goal never changes product)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain import commands as c
from domain import governance_events as gev
from domain.actor import Actor
from domain.errors import InvalidInput, NotFound
from domain.ledger import Ledger
from domain.product import Product
from domain.product_events import GoalSet

RISK = "risk"
ADR = "architecture decision"
GOAL = "goal"


class RecordLocated(Aggregate.Created):
    product_id: str
    kind: str


class RecordLocator(Aggregate):
    """Has the record's own id; names its product and what kind of record it is."""

    def __init__(self, product_id: str, kind: str) -> None:
        self.product_id = product_id
        self.kind = kind

    @classmethod
    def locate(cls, *, record_id: str, product_id: str, kind: str, at: datetime) -> RecordLocator:
        return cls._create(
            RecordLocated, id=uuid.UUID(record_id), product_id=product_id, kind=kind, timestamp=at
        )


def record_locators(product_id: str, pending: Sequence[Any]) -> list[RecordLocator]:
    """A locator for each risk, architecture decision or goal the pending events create."""
    found = []
    for event in pending:
        if isinstance(event, gev.RiskRaised):
            record_id, kind = event.risk_id, RISK
        elif isinstance(event, gev.ArchitectureDecisionProposed):
            record_id, kind = event.architecture_decision_id, ADR
        elif isinstance(event, GoalSet):
            record_id, kind = event.goal_id, GOAL
        else:
            continue
        found.append(
            RecordLocator.locate(
                record_id=record_id, product_id=product_id, kind=kind, at=event.timestamp
            )
        )
    return found


def asked_version(product: Product, pending: Sequence[Any]) -> int | None:
    """The product version of the decision the command asked for: its last event that
    is not a consequence recorded with it (a supersession follows an acceptance)."""
    asked = [e for e in pending if not getattr(e, "follows_decision", False)]
    return int(asked[-1].originator_version) if asked else None


class RecordLookups(Ledger):
    """Where risks and architecture decisions are, for the decision path."""

    def locate_record(self, record_id: str, kind: str) -> str:
        """The product of a risk or architecture decision; NotFound for any other id."""
        cache: dict[tuple[str, str], str] = self.__dict__.setdefault("_record_products", {})
        key = (str(record_id), kind)
        if key not in cache:
            locator = self.load(record_id, RecordLocator, kind)
            if locator.kind != kind:
                raise NotFound(f"no {kind} {record_id}")
            cache[key] = locator.product_id
        return cache[key]

    def product_of_goal(self, goal_id: str) -> str:
        """The product of a goal set since goals have locators; NotFound otherwise."""
        return self.locate_record(goal_id, GOAL)

    def product_of_record(self, command: c.RecordCommand) -> str:
        kind = RISK if isinstance(command, c.RiskCommand) else ADR
        return self.locate_record(command.record_id, kind)

    def check_references(self, product: Product, actor: Actor, command: c.Command) -> None:
        """Ids of another product are BAD_USER_INPUT when the caller can see that
        product, NOT_FOUND otherwise (as ids that name nothing are)."""
        product_id = str(product.id)
        for item_id in getattr(command, "item_ids", ()):
            if item_id not in product.items:
                self._check_own(self.product_of_item(item_id), product_id, actor, "item", item_id)
        superseded = getattr(command, "supersedes_id", None)
        if superseded is not None:
            owner = self.locate_record(superseded, ADR)
            self._check_own(owner, product_id, actor, ADR, superseded)

    def _check_own(self, owner: str, product_id: str, actor: Actor, what: str, id_: str) -> None:
        if owner == product_id:
            return
        other = self.product(owner)
        if actor.is_admin or other.roles.get(actor.member_id or ""):
            raise InvalidInput(f"{what} {id_} belongs to another product")
        raise NotFound(f"no {what} {id_}")
