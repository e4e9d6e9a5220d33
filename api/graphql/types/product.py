"""Products: people, goals, the backlog, the allocation, the decisions and retrospectives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import anyio.to_thread
import strawberry

from api.graphql.arguments import (
    DECISION_CURSOR,
    backlog_window,
    check_first,
    check_instant,
    decode_cursor,
    parse_id,
)
from api.graphql.enums import GoalStatus, ItemStatus, Role
from api.graphql.errors import BAD_USER_INPUT, ApiError, bad_input
from api.graphql.types.allocation import Allocation, MemberLoad
from api.graphql.types.audit_chain import ProductAuditHead
from api.graphql.types.decisions import Decision, DecisionConnection
from api.graphql.types.goal_fields import GoalLifecycleFields
from api.graphql.types.governed import GovernedProduct
from api.graphql.types.item_planning import for_product
from api.graphql.types.items import BacklogItemConnection
from api.graphql.types.members import Member, read_members, require_member
from api.graphql.types.node import Info, Node, filled
from api.graphql.types.people_fields import ProductPeopleFields
from api.graphql.types.planning_fields import ProductPlanningFields
from api.graphql.types.product_fields import ProductLifecycleFields
from api.graphql.types.product_past import decisions_until, goals_at, members_at
from api.graphql.types.product_updates import ProductUpdatesFields
from api.graphql.types.retrospective import Retrospective
from api.graphql.types.scores import ProductScores
from domain.product_events import DECISION_TYPES
from projections.rows import (
    DecisionFilter,
    GoalRow,
    ItemRow,
    MemberLoadRow,
    Page,
    ProductRow,
)
from projections.time_travel.service import TimeTravel

MAX_TYPES = 100
TYPE_NAMES = tuple(event.__name__ for event in DECISION_TYPES)
"""The names `DecisionFilter.types` accepts: a typo would otherwise match nothing."""


@strawberry.type(description="A member's role on a product (one entry per role held).")
class Membership:
    role: Role
    member_id: strawberry.Private[str]

    @strawberry.field(description="Who holds the role.")
    async def member(self, info: Info) -> Member:
        return await require_member(info, self.member_id)


@strawberry.type(description="An outcome the product works towards.")
class Goal(GoalLifecycleFields):
    id: strawberry.ID
    title: str
    metric: str | None = strawberry.field(description="How progress is measured.")
    target_date: datetime | None = strawberry.field(description="When it should be reached.")
    status: GoalStatus

    @classmethod
    def from_row(cls, row: GoalRow) -> Goal:
        return filled(cls, row, status=GoalStatus(row.status))


@strawberry.input(
    name="DecisionFilter", description="Which decisions to list; every given criterion must match."
)
class DecisionFilterInput:
    actor_id: strawberry.ID | None = None
    role: Role | None = None
    types: list[str] | None = strawberry.field(default=None, description="Event names.")
    subject_id: strawberry.ID | None = None
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="At or after this instant."
    )
    to: datetime | None = strawberry.field(default=None, description="At or before this instant.")

    def to_row(self) -> DecisionFilter:
        if self.types is not None and len(self.types) > MAX_TYPES:
            raise bad_input(f"at most {MAX_TYPES} types")
        unknown = [name for name in self.types or () if name not in TYPE_NAMES]
        if unknown:
            raise ApiError(
                BAD_USER_INPUT,
                f"unknown decision type {', '.join(map(repr, unknown))} in types; "
                f"the types are {', '.join(TYPE_NAMES)}",
                validTypes=list(TYPE_NAMES),
            )
        return DecisionFilter(
            actor_id=parse_id(self.actor_id, "actorId") if self.actor_id else None,
            role=self.role.value if self.role else None,
            types=tuple(self.types) if self.types is not None else None,
            subject_id=parse_id(self.subject_id, "subjectId") if self.subject_id else None,
            from_=check_instant(self.from_, "from"),
            to=check_instant(self.to, "to"),
        )


@strawberry.type(description="A product, its people and its backlog.")
class Product(
    Node,
    ProductUpdatesFields,
    GovernedProduct,
    ProductAuditHead,
    ProductScores,
    ProductPlanningFields,
    ProductPeopleFields,
    ProductLifecycleFields,
):
    name: str
    vision: str
    backlog_version: int = strawberry.field(
        description="Version of the backlog order; prioritizeItem's expectedVersion refers to it."
    )

    @classmethod
    def from_row(cls, row: ProductRow) -> Product:
        return filled(cls, row)

    @strawberry.field(description="Who holds which role, one entry per role held.")
    async def members(self, info: Info) -> list[Membership]:
        if self.at is not None:
            return await members_at(info, str(self.id), self.at)
        rows = await info.context.loaders.memberships.load(str(self.id))
        return [Membership(member_id=r.member_id, role=Role(r.role)) for r in rows]

    @strawberry.field(description="The product's goals, in the order they were set.")
    async def goals(self, info: Info) -> list[Goal]:
        if self.at is not None:
            return await goals_at(info, str(self.id), self.at)
        return [Goal.from_row(r) for r in await info.context.loaders.goals.load(str(self.id))]

    @strawberry.field(
        description="Active items (not ACCEPTED, not DROPPED unless asked by "
        "status) in priority order, rank 1 first."
    )
    async def backlog(
        self,
        info: Info,
        status: list[ItemStatus] | None = None,
        as_of: datetime | None = None,
        first: int | None = 100,
        after: str | None = None,
    ) -> BacklogItemConnection:
        first, offset = backlog_window(first, after)
        as_of = as_of or self.at
        statuses = frozenset(s.value for s in status) if status is not None else None
        if as_of is not None:
            check_instant(as_of, "asOf")
            travel = info.context.services.time_travel
            page = await anyio.to_thread.run_sync(
                travel.backlog_page, str(self.id), as_of, statuses, first, offset
            )
            return await BacklogItemConnection.after(info, offset, page, as_of)
        if statuses is not None and not statuses:
            return await BacklogItemConnection.after(info, offset, Page([], False, 0))
        page = await info.context.services.reader.backlog(str(self.id), statuses, first, offset)
        return await BacklogItemConnection.after(info, offset, page)

    @strawberry.field(description="Capacity and assignments of the product's people.")
    async def allocation(self, info: Info, as_of: datetime | None = None) -> Allocation:
        as_of = as_of or self.at
        if as_of is not None:
            check_instant(as_of, "asOf")
            loads, items = await anyio.to_thread.run_sync(
                _allocation_as_of, info.context.services.time_travel, str(self.id), as_of
            )
            return Allocation(members=[MemberLoad.from_row(r, items, as_of) for r in loads])
        rows = await info.context.services.reader.allocation(str(self.id))
        return Allocation(members=[MemberLoad.from_row(r) for r in rows])

    @strawberry.field(description="Every decision recorded about this product, newest first.")
    async def decisions(
        self,
        info: Info,
        filter: DecisionFilterInput | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> DecisionConnection:
        where = decisions_until(filter.to_row() if filter else DecisionFilter(), self.at)
        page = await info.context.services.reader.decisions(
            str(self.id),
            where,
            check_first(50 if first is None else first),
            decode_cursor(DECISION_CURSOR, after),
        )
        await read_members(info, (row.actor_id for row in page.rows), "actor")
        return DecisionConnection.from_page(
            page, DECISION_CURSOR, Decision.from_row, key=lambda row: row.position
        )

    @strawberry.field(description="What changed between two instants: (from, to].")
    async def retrospective(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> Retrospective:
        check_instant(from_, "from")
        check_instant(to, "to")
        if from_ > to:
            raise bad_input("from must not be after to")
        report = await anyio.to_thread.run_sync(
            info.context.services.time_travel.retrospective, str(self.id), from_, to
        )
        return for_product(Retrospective.from_report(report), str(self.id))


def _allocation_as_of(
    travel: TimeTravel, product_id: str, at: datetime
) -> tuple[list[MemberLoadRow], dict[str, ItemRow]]:
    """The loads at `at`, with each of their items as it stood then (MemberLoad.items)."""
    loads = travel.allocation(product_id, at)
    return loads, travel.items(product_id, at, [i for load in loads for i in load.item_ids])
