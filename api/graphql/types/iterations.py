"""Iterations: the Product Owner's proposal and the Engineering Manager's commitment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

import anyio.to_thread
import strawberry

from api.graphql.types.decisions import Decision, history_of
from api.graphql.types.items import BacklogItem
from api.graphql.types.node import Info, Node, filled, version_field
from projections.planning.rows import IterationRow
from projections.rows import decision_id


@strawberry.enum(description="PLANNED -> COMMITTED (the EM committed) -> CLOSED.")
class IterationStatus(StrEnum):
    PLANNED = "PLANNED"
    COMMITTED = "COMMITTED"
    CLOSED = "CLOSED"


async def items_of(
    info: Info, product_id: str, ids: Sequence[str], as_of: datetime | None
) -> list[BacklogItem]:
    """The items among `ids`, in that order: current ones, or as they stood at `as_of`."""
    if not ids:
        return []
    if as_of is not None:
        travel = info.context.services.time_travel
        past = await anyio.to_thread.run_sync(travel.items, product_id, as_of, ids)
        return [BacklogItem.from_row(past[i], as_of) for i in ids if i in past]
    rows = await info.context.loaders.items.load_many(list(ids))
    return [BacklogItem.from_row(row) for row in rows if row is not None]


async def decision_at(info: Info, product_id: str, version: int | None) -> Decision | None:
    if version is None:
        return None
    row = await info.context.loaders.decisions.load(decision_id(product_id, version))
    return Decision.from_row(row) if row else None


@strawberry.type(description="A time-boxed iteration of a product and its joint commitment.")
class Iteration(Node):
    number: int = strawberry.field(description="1, 2, ... per product, in planning order.")
    name: str = strawberry.field(description="E.g. 'Sprint 14'.")
    starts_at: datetime = strawberry.field(description="Inclusive.")
    ends_at: datetime = strawberry.field(description="Exclusive: the next one may start here.")
    status: IterationStatus = strawberry.field(description="PLANNED, COMMITTED or CLOSED.")
    capacity_points: float = strawberry.field(description="Points the team can take on.")
    committed_points: float = strawberry.field(
        description="Sum of the estimates of the committed scope, as committed; 0 while PLANNED."
    )
    delivered_points: float = strawberry.field(
        description="Sum of the committed estimates of committed items that are DONE or "
        "ACCEPTED (at closing, once CLOSED)."
    )
    version: int = version_field("iteration")
    row: strawberry.Private[IterationRow]
    as_of: strawberry.Private[datetime | None]

    @classmethod
    def from_row(cls, row: IterationRow, as_of: datetime | None = None) -> Iteration:
        return filled(
            cls,
            row,
            starts_at=datetime.fromisoformat(row.starts_at),
            ends_at=datetime.fromisoformat(row.ends_at),
            status=IterationStatus(row.status),
            row=row,
            as_of=as_of,
        )

    @strawberry.field(
        description="The scope the Product Owner proposed, by current backlog rank (unranked last)."
    )
    async def proposed_scope(self, info: Info) -> list[BacklogItem]:
        return await items_of(info, self.row.product_id, self.row.proposed, self.as_of)

    @strawberry.field(
        description="The scope the Engineering Manager committed to; empty until committed "
        "(or after a new proposal)."
    )
    async def committed_scope(self, info: Info) -> list[BacklogItem]:
        return await items_of(info, self.row.product_id, self.row.committed, self.as_of)

    @strawberry.field(
        description="Committed items not DONE or ACCEPTED when the iteration closed; empty before."
    )
    async def carried_over(self, info: Info) -> list[BacklogItem]:
        return await items_of(info, self.row.product_id, self.row.carried_over, self.as_of)

    @strawberry.field(
        description="The decision that committed the current scope (IterationCommitted); null "
        "while the iteration is PLANNED."
    )
    async def commitment(self, info: Info) -> Decision | None:
        return await decision_at(info, self.row.product_id, self.row.commitment_version)

    @strawberry.field(
        description="The latest scope proposal (IterationScopeProposed); null before any."
    )
    async def proposal(self, info: Info) -> Decision | None:
        return await decision_at(info, self.row.product_id, self.row.proposal_version)

    @strawberry.field(description="Every decision whose subject is this iteration, oldest first.")
    async def history(self, info: Info) -> list[Decision]:
        return await history_of(info, str(self.id), self.as_of)


@strawberry.type(description="The iteration after a decision about it.")
class IterationPayload:
    iteration: Iteration = strawberry.field(description="The iteration, as the views show it.")
    decision: Decision = strawberry.field(description="What was recorded.")
