"""The Product aggregate: vision, goals, roles, capacities and the ordered backlog.

Each decision is one method registered with `@decides(Command)`: it checks the rules
that depend on the product's state and triggers the decision's event, whose apply()
changes the state (domain/product_events.py)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain import commands as c
from domain import product_events as ev
from domain.actor import Actor
from domain.backlog_item import BacklogItem, Goal
from domain.errors import Conflict, InvalidInput, NotFound
from domain.handlers import By, decides, handler_for
from domain.item_moves import MOVES, check_move
from domain.permissions import role_for
from domain.vocabulary import Role


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
        return role_for(command, actor, self.roles)

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

    # -- the product and its people ----------------------------------------

    @decides(c.GrantRole)
    def grant_role(self, by: By, cmd: c.GrantRole) -> None:
        """Records RoleGranted; a role already held records nothing."""
        if cmd.role.value not in self.roles.get(cmd.member_id, []):
            self.record(ev.RoleGranted, by, cmd, granted=cmd.role.value)

    @decides(c.DefineVision)
    def define_vision(self, by: By, cmd: c.DefineVision) -> None:
        self.record(ev.VisionDefined, by, cmd, before=self.vision, after=cmd.vision)

    @decides(c.SetGoal)
    def set_goal(self, by: By, cmd: c.SetGoal) -> None:
        target = cmd.target_date.isoformat() if cmd.target_date else None
        self.record(
            ev.GoalSet,
            by,
            cmd,
            goal_id=str(uuid.uuid4()),
            title=cmd.title,
            metric=cmd.metric,
            target_date=target,
        )

    @decides(c.SetCapacity)
    def set_capacity(self, by: By, cmd: c.SetCapacity) -> None:
        self.check_member_has_role(cmd.member_id)
        before = self.capacities.get(cmd.member_id, 100)
        self.record(
            ev.CapacitySet,
            by,
            cmd,
            before=before,
            after=cmd.percent,
        )

    # -- the backlog -------------------------------------------------------

    @decides(c.ProposeItem)
    def propose_item(self, by: By, cmd: c.ProposeItem) -> str:
        item_id = str(uuid.uuid4())
        self.record(
            ev.ItemProposed,
            by,
            cmd,
            item_id=item_id,
            title=cmd.title,
            description=cmd.description,
            kind=cmd.kind.value,
            rank=len(self.order) + 1,
        )
        return item_id

    @decides(c.PrioritizeItem)
    def prioritize_item(self, by: By, cmd: c.PrioritizeItem) -> None:
        item = self.item(cmd.item_id)
        self.check_expected(cmd.expected_version, self.backlog_version, "the backlog")
        current = self.rank_of(cmd.item_id)
        if current is None:
            raise Conflict(
                f"{item.status.article} {item.status.value} item has no rank to change: "
                "only items still in the backlog can be prioritized"
            )
        target = min(cmd.rank, len(self.order))
        self.record(
            ev.ItemPrioritized,
            by,
            cmd,
            from_rank=current,
            to_rank=target,
        )

    @decides(c.RefineItem)
    def refine_item(self, by: By, cmd: c.RefineItem) -> None:
        item = self.open_item(cmd.item_id, cmd.expected_version)
        after = BacklogItem(**{**item.__dict__})
        if cmd.description is not None:
            after.description = cmd.description
        if cmd.acceptance_criteria is not None:
            after.acceptance_criteria = cmd.acceptance_criteria
        self.record(
            ev.ItemRefined,
            by,
            cmd,
            description_before=item.description,
            description_after=after.description,
            criteria_before=list(item.acceptance_criteria),
            criteria_after=list(after.acceptance_criteria),
            status_before=item.status.value,
            status_after=after.readiness().value,
        )

    @decides(c.EstimateItem)
    def estimate_item(self, by: By, cmd: c.EstimateItem) -> None:
        item = self.open_item(cmd.item_id, cmd.expected_version)
        after = BacklogItem(**{**item.__dict__, "estimate": cmd.points})
        self.record(
            ev.ItemEstimated,
            by,
            cmd,
            points_before=item.estimate,
            points_after=cmd.points,
            status_before=item.status.value,
            status_after=after.readiness().value,
        )

    @decides(c.AssignEngineer)
    def assign_engineer(self, by: By, cmd: c.AssignEngineer) -> None:
        item = self.open_item(cmd.item_id, None)
        self.check_member_has_role(cmd.member_id)
        self.record(
            ev.EngineerAssigned,
            by,
            cmd,
            percent_before=item.assignments.get(cmd.member_id),
            percent=cmd.percent,
        )

    @decides(c.UnassignEngineer)
    def unassign_engineer(self, by: By, cmd: c.UnassignEngineer) -> None:
        item = self.item(cmd.item_id)
        if cmd.member_id not in item.assignments:
            raise Conflict("the member is not assigned to this item")
        self.record(
            ev.EngineerUnassigned,
            by,
            cmd,
            percent_before=item.assignments[cmd.member_id],
        )

    @decides(*MOVES)
    def move_item(self, by: By, cmd: c.MoveItem) -> None:
        """The status decisions: start, complete, accept, drop."""
        item = self.item(cmd.item_id)
        self.check_expected(cmd.expected_version, item.version, "the item")
        event, target = check_move(cmd, item.status)
        self.record(
            event,
            by,
            cmd,
            status_before=item.status.value,
            status_after=target.value,
            rank_before=self.rank_of(cmd.item_id),
        )

    # -- mechanics ---------------------------------------------------------

    def record(
        self, event: type[Aggregate.Event], by: By, command: c.Command, **fields: Any
    ) -> None:
        """Triggers a decision event carrying who decided, in which role, why, and the
        item and member the command names."""
        for subject in ("item_id", "member_id"):
            if hasattr(command, subject):
                fields.setdefault(subject, getattr(command, subject))
        self.trigger_event(
            event,
            actor_id=by.actor_id,
            role=by.role.value if by.role else None,
            rationale=getattr(command, "rationale", None),
            timestamp=by.at,
            **fields,
        )
