"""Stakeholder updates, as the updates view stores them: exactly as published."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.errors import UNAVAILABLE, ApiError
from api.graphql.types.decisions import Decision
from api.graphql.types.members import Member, load_member
from api.graphql.types.node import Connection, Edge, Info, Node, filled
from projections.updates.rows import UpdateRow

UPDATE_CURSOR = "update"


@strawberry.type(description="A report to stakeholders over (from, to], stored as published.")
class StakeholderUpdate(Node):
    number: int = strawberry.field(description="1 for the product's first update, then 2, ...")
    headline: str = strawberry.field(description="The Product Owner's title for it.")
    note: str | None = strawberry.field(description="The Product Owner's own words, if any.")
    from_: datetime = strawberry.field(
        name="from", description="The previous update's `to`; the product's creation for the first."
    )
    to: datetime = strawberry.field(description="When it was published.")
    markdown: str = strawberry.field(
        description="The report: Accepted, Priorities, Goals, Risks, Architecture, Iterations, "
        "Forecast (each omitted when empty), then the note. Later decisions never change it."
    )
    author_id: strawberry.Private[str | None]
    product_id: strawberry.Private[str]
    version: strawberry.Private[int]

    @strawberry.field(description="The Product Owner who published it.")
    async def author(self, info: Info) -> Member | None:
        return await load_member(info, self.author_id)

    @strawberry.field(description="The StakeholderUpdatePublished decision.")
    async def decision(self, info: Info) -> Decision:
        row = await info.context.services.reader.decision_at(self.product_id, self.version)
        if row is None:
            raise ApiError(UNAVAILABLE, "the decision is not yet visible", retryable=True)
        return Decision.from_row(row)

    @classmethod
    def from_row(cls, row: UpdateRow) -> StakeholderUpdate:
        return filled(cls, row, from_=row.window_from, to=row.window_to)


@strawberry.type(description="A page of updates, newest first.")
class StakeholderUpdateConnection(Connection[Edge[StakeholderUpdate]]):
    total_count: int = strawberry.field(description="The product's updates, in all.")
