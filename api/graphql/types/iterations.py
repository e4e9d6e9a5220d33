"""Iterations: the Product Owner's proposal and the Engineering Manager's commitment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import anyio.to_thread
import strawberry

from api.graphql.types.decisions import Decision, history_field
from api.graphql.types.items import BacklogItem
from api.graphql.types.node import Info, Node, version_field
from api.graphql.types.recorded import Recorded
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


def items_field(ids: str, description: str) -> Any:
    """A record's field listing the items its `row` names in the field `ids`, as they
    stood when the record was read (its `as_of`)."""

    async def items(self: Any, info: Info) -> list[BacklogItem]:
        return await items_of(info, self.row.product_id, getattr(self.row, ids), self.as_of)

    return strawberry.field(resolver=items, description=description)


def decision_field(version: str, description: str) -> Any:
    """An iteration's field naming the decision at the product version its `row` holds in
    the field `version`; null while that is unset."""

    async def decision(self: Any, info: Info) -> Decision | None:
        at: int | None = getattr(self.row, version)
        if at is None:
            return None
        row = await info.context.loaders.decisions.load(decision_id(self.row.product_id, at))
        return Decision.from_row(row) if row else None

    return strawberry.field(resolver=decision, description=description)


@strawberry.type(description="A time-boxed iteration of a product and its joint commitment.")
class Iteration(Node, Recorded[IterationRow]):
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

    @classmethod
    def converted(cls, row: IterationRow) -> dict[str, Any]:
        return {
            "starts_at": datetime.fromisoformat(row.starts_at),
            "ends_at": datetime.fromisoformat(row.ends_at),
            "status": IterationStatus(row.status),
        }

    proposed_scope = items_field(
        "proposed",
        "The scope the Product Owner proposed, by current backlog rank (unranked last).",
    )
    committed_scope = items_field(
        "committed",
        "The scope the Engineering Manager committed to; empty until committed "
        "(or after a new proposal).",
    )
    carried_over = items_field(
        "carried_over",
        "Committed items not DONE or ACCEPTED when the iteration closed; empty before.",
    )
    commitment = decision_field(
        "commitment_version",
        "The decision that committed the current scope (IterationCommitted); null "
        "while the iteration is PLANNED.",
    )
    proposal = decision_field(
        "proposal_version",
        "The latest scope proposal (IterationScopeProposed); null before any.",
    )
    history = history_field("Every decision whose subject is this iteration, oldest first.")
