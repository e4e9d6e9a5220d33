"""The forecast and the bottlenecks of a product, as the planning view (or time travel,
through the same fold) gives them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.types.items import BacklogItem
from api.graphql.types.iterations import Iteration, items_of
from api.graphql.types.members import Member, load_member
from api.graphql.types.node import Info
from projections.planning.rows import BottleneckKind, IterationRow, VelocityBasis

# The planning view's own enums are the schema's (their values are the rows').
strawberry.enum(VelocityBasis, description=VelocityBasis.__doc__)
strawberry.enum(BottleneckKind, description=BottleneckKind.__doc__)


@strawberry.type(description="When an item should ship, in iterations from now.")
class ForecastItem:
    cumulative_points: float = strawberry.field(
        description="Estimates of the listed items from rank 1 down to this one, unestimated "
        "items adding nothing."
    )
    iterations_away: int | None = strawberry.field(
        description="max(1, ceil(cumulativePoints / velocity)); null for an unestimated item "
        "and when there is no velocity (or it is 0)."
    )
    unestimated: bool = strawberry.field(description="The item has no estimate yet.")
    row_item: strawberry.Private[BacklogItem]

    @strawberry.field(description="The item.")
    def item(self) -> BacklogItem:
        return self.row_item


@strawberry.type(description="Every ranked item that is not DONE, in rank order, with its ETA.")
class Forecast:
    velocity: float | None = strawberry.field(description="Points per iteration; null for NONE.")
    basis: VelocityBasis = strawberry.field(description="Where the velocity comes from.")
    items: list[ForecastItem] = strawberry.field(description="Ranked items not DONE, by rank.")


@strawberry.type(description="Something that holds the team back.")
class Bottleneck:
    kind: BottleneckKind = strawberry.field(description="What kind of bottleneck it is.")
    subject_id: strawberry.ID = strawberry.field(
        description="The member, item or iteration it is about."
    )
    summary: str = strawberry.field(
        description='One sentence, e.g. "Dev is assigned to 3 items in progress (limit 2)".'
    )
    product_id: strawberry.Private[str]
    item_ids: strawberry.Private[tuple[str, ...]]
    member_id: strawberry.Private[str | None]
    iteration_row: strawberry.Private[IterationRow | None]
    as_of: strawberry.Private[datetime | None]

    @strawberry.field(
        description="The items involved (for DEPENDENCY_INVERSION: [dependent, prerequisite])."
    )
    async def items(self, info: Info) -> list[BacklogItem]:
        return await items_of(info, self.product_id, self.item_ids, self.as_of)

    @strawberry.field(description="The member, for OVER_ALLOCATED and OVER_WIP_LIMIT.")
    async def member(self, info: Info) -> Member | None:
        return await load_member(info, self.member_id) if self.member_id else None

    @strawberry.field(description="The iteration, for OVER_COMMITTED.")
    def iteration(self) -> Iteration | None:
        if self.iteration_row is None:
            return None
        return Iteration.from_row(self.iteration_row, self.as_of)
