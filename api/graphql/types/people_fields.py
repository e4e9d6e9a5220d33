"""The people area's fields on the core types: Product.positions and peopleRecords,
Member.active, forgotten and email, Query.members. Each type takes its mixin as a
base; who may read what is decided by the views' guard (projections.people_records.guard,
projections.members.queries), not here."""

from __future__ import annotations

from datetime import datetime

import anyio.to_thread
import strawberry

from api.graphql.arguments import check_first, check_instant, decode_cursor, parse_id
from api.graphql.errors import FORBIDDEN, ApiError
from api.graphql.people_enums import PeopleNoteKind, PositionStatus
from api.graphql.people_loaders import caller_of
from api.graphql.types.members import Member
from api.graphql.types.node import Info
from api.graphql.types.people import (
    PEOPLE_CURSOR,
    MemberConnection,
    PeopleRecord,
    PeopleRecordConnection,
    Position,
)
from projections.people_records.guard import NotPermitted
from projections.positions.fold import PositionRow, position_rows
from projections.time_travel.service import TimeTravel

MEMBERS_CURSOR = "members"


@strawberry.type
class ProductPeopleFields:
    id: strawberry.ID

    @strawberry.field(
        description="The product's positions in the order they were opened (those with one "
        "of `status`, when given), as they stood at `asOf` when given. Every member reads them."
    )
    async def positions(
        self, info: Info, status: list[PositionStatus] | None = None, as_of: datetime | None = None
    ) -> list[Position]:
        statuses = frozenset(s.value for s in status) if status is not None else None
        if as_of is not None:
            check_instant(as_of, "asOf")
            travel = info.context.services.time_travel
            rows = await anyio.to_thread.run_sync(
                _positions_at, travel, str(self.id), as_of, statuses
            )
            return [Position.from_row(row, as_of) for row in rows]
        found = await info.context.services.reader.product_positions(str(self.id), statuses)
        return [Position.from_row(row) for row in found]

    @strawberry.field(
        description="Newest first. An ENGINEERING_MANAGER of the product reads all of its "
        "records; any other member only those about themself; others get FORBIDDEN."
    )
    async def people_records(
        self,
        info: Info,
        member_id: strawberry.ID | None = None,
        kinds: list[PeopleNoteKind] | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> PeopleRecordConnection:
        about = parse_id(member_id, "memberId") if member_id is not None else None
        try:
            page = await info.context.services.reader.people_records(
                caller_of(info.context.require_viewer()),
                str(self.id),
                about,
                [k.value for k in kinds] if kinds is not None else None,
                check_first(50 if first is None else first),
                decode_cursor(PEOPLE_CURSOR, after),
            )
        except NotPermitted as refused:
            raise ApiError(FORBIDDEN, str(refused)) from None
        return PeopleRecordConnection.from_page(
            page, PEOPLE_CURSOR, PeopleRecord.from_row, key=lambda row: row.position
        )


def _positions_at(
    travel: TimeTravel, product_id: str, at: datetime, statuses: frozenset[str] | None
) -> list[PositionRow]:
    product = travel.product_at(product_id, at)
    return [] if product is None else position_rows(product, statuses)


@strawberry.type
class QueryPeopleFields:
    @strawberry.field(
        description="Administrator only: every registered member, by name; `search` matches "
        "a substring of the name or e-mail, ignoring case."
    )
    async def members(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = 100,
        after: str | None = None,
    ) -> MemberConnection:
        viewer = info.context.require_viewer()
        offset = decode_cursor(MEMBERS_CURSOR, after) or 0
        try:
            page = await info.context.services.reader.directory(
                caller_of(viewer), search, check_first(100 if first is None else first), offset
            )
        except NotPermitted as refused:
            raise ApiError(FORBIDDEN, str(refused)) from None
        return MemberConnection.from_page(
            page,
            MEMBERS_CURSOR,
            lambda r: Member(id=strawberry.ID(r.id), name=r.name),
            offset=offset,
        )
