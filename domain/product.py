"""The Product aggregate: vision, goals, roles, capacities and the ordered backlog."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.actor import Actor
from domain.backlog_item import BacklogItem, Goal
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.product_events import (
    CapacitySet,
    EngineerAssigned,
    EngineerUnassigned,
    GoalSet,
    ItemAccepted,
    ItemCompleted,
    ItemDropped,
    ItemEstimated,
    ItemPrioritized,
    ItemProposed,
    ItemRefined,
    ItemStarted,
    ItemTransition,
    ProductCreated,
    RoleGranted,
    VisionDefined,
)
from domain.vocabulary import ItemKind, ItemStatus, Role

PO = (Role.PRODUCT_OWNER,)
EM = (Role.ENGINEERING_MANAGER,)
PO_OR_EM = (Role.PRODUCT_OWNER, Role.ENGINEERING_MANAGER)


class Product(Aggregate):
    """A product and its backlog; the consistency boundary of the backlog order."""

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
    def create(cls, *, name: str, vision: str, at: datetime) -> Product:
        return cls._create(ProductCreated, id=uuid.uuid4(), name=name, vision=vision, timestamp=at)

    # -- guards ------------------------------------------------------------

    def roles_of(self, member_id: str | None) -> list[Role]:
        return [Role(r) for r in self.roles.get(member_id or "", [])]

    def check_role(self, actor: Actor, allowed: tuple[Role, ...]) -> Role:
        """Returns the role the actor decides in; the first allowed role wins."""
        held = self.roles_of(actor.member_id)
        for role in allowed:
            if role in held:
                return role
        names = " or ".join(r.label for r in allowed)
        if not held:
            raise Forbidden("only members of this product may decide on it")
        raise Forbidden(f"only the {names} may make this decision")

    def check_member_has_role(self, member_id: str) -> None:
        if not self.roles.get(member_id):
            raise InvalidInput("the member holds no role on this product")

    def item(self, item_id: str) -> BacklogItem:
        try:
            return self.items[item_id]
        except KeyError:
            raise NotFound(f"no backlog item {item_id}") from None

    @staticmethod
    def check_rationale_given(rationale: str | None) -> None:
        """The decisions auditors question most must say why."""
        if rationale is None or not rationale.strip():
            raise InvalidInput("a rationale is required for this decision")

    @staticmethod
    def check_expected(expected: int | None, actual: int, what: str) -> None:
        if expected is not None and expected != actual:
            raise Conflict(f"{what} is at version {actual}, not {expected}")

    def rank_of(self, item_id: str) -> int | None:
        try:
            return self.order.index(item_id) + 1
        except ValueError:
            return None

    # -- decisions ---------------------------------------------------------

    def grant_role(self, actor: Actor, member_id: str, role: Role, at: datetime) -> bool:
        """Records RoleGranted; returns False (records nothing) if already held."""
        decided_in: Role | None = None
        if not actor.is_admin:
            decided_in = self.check_role(actor, PO_OR_EM)
            if decided_in is Role.ENGINEERING_MANAGER and role is not Role.ENGINEER:
                raise Forbidden("an Engineering Manager may grant the ENGINEER role only")
        if role.value in self.roles.get(member_id, []):
            return False
        self._decide(
            RoleGranted, actor, decided_in, None, at, member_id=member_id, granted=role.value
        )
        return True

    def define_vision(self, actor: Actor, vision: str, rationale: str | None, at: datetime) -> None:
        role = self.check_role(actor, PO)
        self.check_rationale_given(rationale)
        self._decide(VisionDefined, actor, role, rationale, at, before=self.vision, after=vision)

    def set_goal(
        self, actor: Actor, title: str, metric: str | None, target: datetime | None, at: datetime
    ) -> None:
        role = self.check_role(actor, PO)
        self._decide(
            GoalSet,
            actor,
            role,
            None,
            at,
            goal_id=str(uuid.uuid4()),
            title=title,
            metric=metric,
            target_date=target.isoformat() if target else None,
        )

    def set_capacity(
        self, actor: Actor, member_id: str, percent: int, rationale: str | None, at: datetime
    ) -> None:
        role = self.check_role(actor, EM)
        self.check_member_has_role(member_id)
        before = self.capacities.get(member_id, 100)
        self._decide(
            CapacitySet,
            actor,
            role,
            rationale,
            at,
            member_id=member_id,
            before=before,
            after=percent,
        )

    def propose_item(
        self,
        actor: Actor,
        title: str,
        description: str,
        kind: ItemKind,
        rationale: str | None,
        at: datetime,
    ) -> str:
        role = self.check_role(actor, PO_OR_EM)
        item_id = str(uuid.uuid4())
        self._decide(
            ItemProposed,
            actor,
            role,
            rationale,
            at,
            item_id=item_id,
            title=title,
            description=description,
            kind=kind.value,
            rank=len(self.order) + 1,
        )
        return item_id

    def prioritize_item(
        self,
        actor: Actor,
        item_id: str,
        rank: int,
        rationale: str | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        role = self.check_role(actor, PO)
        self.check_rationale_given(rationale)
        item = self.item(item_id)
        self.check_expected(expected_version, self.backlog_version, "the backlog")
        current = self.rank_of(item_id)
        if current is None:
            raise Conflict(f"a {item.status.value} item has no rank to change")
        target = min(rank, len(self.order))
        self._decide(
            ItemPrioritized,
            actor,
            role,
            rationale,
            at,
            item_id=item_id,
            from_rank=current,
            to_rank=target,
        )

    def refine_item(
        self,
        actor: Actor,
        item_id: str,
        description: str | None,
        criteria: list[str] | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        role = self.check_role(actor, PO)
        item = self.open_item(item_id, expected_version)
        after = BacklogItem(**{**item.__dict__})
        after.description = item.description if description is None else description
        after.acceptance_criteria = item.acceptance_criteria if criteria is None else criteria
        self._decide(
            ItemRefined,
            actor,
            role,
            None,
            at,
            item_id=item_id,
            description_before=item.description,
            description_after=after.description,
            criteria_before=list(item.acceptance_criteria),
            criteria_after=list(after.acceptance_criteria),
            status_before=item.status.value,
            status_after=after.readiness().value,
        )

    def estimate_item(
        self,
        actor: Actor,
        item_id: str,
        points: float,
        rationale: str | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        role = self.check_role(actor, EM)
        item = self.open_item(item_id, expected_version)
        after = BacklogItem(**{**item.__dict__, "estimate": points})
        self._decide(
            ItemEstimated,
            actor,
            role,
            rationale,
            at,
            item_id=item_id,
            points_before=item.estimate,
            points_after=points,
            status_before=item.status.value,
            status_after=after.readiness().value,
        )

    def assign_engineer(
        self,
        actor: Actor,
        item_id: str,
        member_id: str,
        percent: int,
        rationale: str | None,
        at: datetime,
    ) -> None:
        role = self.check_role(actor, EM)
        item = self.open_item(item_id, None)
        self.check_member_has_role(member_id)
        self._decide(
            EngineerAssigned,
            actor,
            role,
            rationale,
            at,
            item_id=item_id,
            member_id=member_id,
            percent_before=item.assignments.get(member_id),
            percent=percent,
        )

    def unassign_engineer(
        self, actor: Actor, item_id: str, member_id: str, rationale: str | None, at: datetime
    ) -> None:
        role = self.check_role(actor, EM)
        item = self.item(item_id)
        if member_id not in item.assignments:
            raise Conflict("the member is not assigned to this item")
        self._decide(
            EngineerUnassigned,
            actor,
            role,
            rationale,
            at,
            item_id=item_id,
            member_id=member_id,
            percent_before=item.assignments[member_id],
        )

    def start_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        self._transition(
            ItemStarted,
            EM,
            actor,
            item_id,
            (ItemStatus.READY,),
            ItemStatus.IN_PROGRESS,
            rationale,
            expected_version,
            at,
        )

    def complete_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        self._transition(
            ItemCompleted,
            EM,
            actor,
            item_id,
            (ItemStatus.IN_PROGRESS,),
            ItemStatus.DONE,
            rationale,
            expected_version,
            at,
        )

    def accept_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        self._transition(
            ItemAccepted,
            PO,
            actor,
            item_id,
            (ItemStatus.DONE,),
            ItemStatus.ACCEPTED,
            rationale,
            expected_version,
            at,
        )

    def drop_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        self.check_rationale_given(rationale)
        before_acceptance = tuple(s for s in ItemStatus if s.is_ranked)
        self._transition(
            ItemDropped,
            PO,
            actor,
            item_id,
            before_acceptance,
            ItemStatus.DROPPED,
            rationale,
            expected_version,
            at,
        )

    # -- mechanics ---------------------------------------------------------

    def open_item(self, item_id: str, expected_version: int | None) -> BacklogItem:
        """An item that may still change: neither ACCEPTED nor DROPPED."""
        item = self.item(item_id)
        self.check_expected(expected_version, item.version, "the item")
        if not item.status.is_ranked:
            raise Conflict(f"a {item.status.value} item cannot change any more")
        return item

    def _transition(
        self,
        event: type[ItemTransition],
        allowed: tuple[Role, ...],
        actor: Actor,
        item_id: str,
        sources: tuple[ItemStatus, ...],
        target: ItemStatus,
        rationale: str | None,
        expected_version: int | None,
        at: datetime,
    ) -> None:
        role = self.check_role(actor, allowed)
        item = self.item(item_id)
        self.check_expected(expected_version, item.version, "the item")
        if item.status not in sources:
            raise Conflict(f"cannot move a {item.status.value} item to {target.value}")
        self._decide(
            event,
            actor,
            role,
            rationale,
            at,
            item_id=item_id,
            status_before=item.status.value,
            status_after=target.value,
            rank_before=self.rank_of(item_id),
        )

    def _decide(
        self,
        event: type[Aggregate.Event],
        actor: Actor,
        role: Role | None,
        rationale: str | None,
        at: datetime,
        **fields: Any,
    ) -> None:
        self.trigger_event(
            event,
            actor_id=actor.member_id,
            role=role.value if role else None,
            rationale=rationale,
            timestamp=at,
            **fields,
        )
