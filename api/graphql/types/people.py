"""Positions and people records, as the contract shows them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.people_enums import PeopleNoteKind, PositionStatus
from api.graphql.types.decisions import history_field
from api.graphql.types.members import Member, load_member, require_member
from api.graphql.types.node import Connection, Edge, Info, Node, filled
from projections.people_records.queries import PeopleRecordRow
from projections.positions.fold import PositionRow

PEOPLE_CURSOR = "people"


@strawberry.type(description="A position the Engineering Manager is hiring for.")
class Position(Node):
    title: str = strawberry.field(description="What the position is, e.g. 'Backend engineer'.")
    description: str = strawberry.field(description="What the role involves.")
    status: PositionStatus = strawberry.field(description="Where the position stands.")
    version: int = strawberry.field(description="Number of decisions about this position.")
    filled_by_id: strawberry.Private[str | None]
    as_of: strawberry.Private[datetime | None]

    @strawberry.field(description="Who filled it; null unless FILLED.")
    async def filled_by(self, info: Info) -> Member | None:
        return await load_member(info, self.filled_by_id)

    history = history_field("Every decision about this position, oldest first.")

    @classmethod
    def from_row(cls, row: PositionRow, as_of: datetime | None = None) -> Position:
        status = PositionStatus(row.status)
        return filled(cls, row, status=status, filled_by_id=row.filled_by, as_of=as_of)


@strawberry.type(description="A private people record (review, training, one-on-one).")
class PeopleRecord(Node):
    kind: PeopleNoteKind = strawberry.field(description="Review, training or one-on-one.")
    at: datetime = strawberry.field(description="When it was recorded.")
    title: str | None = strawberry.field(description="null once the member is forgotten.")
    body: str | None = strawberry.field(description="null once the member is forgotten.")
    member_id: strawberry.Private[str]
    author_id: strawberry.Private[str | None]

    @strawberry.field(description="The member the record is about.")
    async def member(self, info: Info) -> Member:
        return await require_member(info, self.member_id)

    @strawberry.field(description="Who wrote it.")
    async def author(self, info: Info) -> Member | None:
        return await load_member(info, self.author_id)

    @classmethod
    def from_row(cls, row: PeopleRecordRow) -> PeopleRecord:
        return filled(cls, row, kind=PeopleNoteKind(row.kind))


@strawberry.type(description="A page of people records, newest first.")
class PeopleRecordConnection(Connection[Edge[PeopleRecord]]):
    total_count: int = strawberry.field(description="Records the caller may read, in all.")


@strawberry.type(description="A page of members, by name.")
class MemberConnection(Connection[Edge[Member]]):
    total_count: int = strawberry.field(description="Members matching the search, in all.")
