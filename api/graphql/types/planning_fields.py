"""The planning fields of existing types, as mixins added to their bases: Product
(iterations, forecast, bottlenecks, wipLimit), BacklogItem (dependencies, blocks,
iterations) and Retrospective (iterations closed in the window)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.graphql.arguments import check_instant
from api.graphql.errors import bad_input
from api.graphql.planning_loaders import planning_at, planning_loaders
from api.graphql.types.node import Info, NodeFields
from projections.planning.bottlenecks import KINDS
from projections.planning.forecast import iterations_away
from projections.planning.queries import ProductPlanning
from projections.planning.rows import IterationRow, VelocityBasis

if TYPE_CHECKING:
    from api.graphql.types.forecast import Bottleneck, Forecast
    from api.graphql.types.iterations import Iteration, IterationStatus

FORECAST = "api.graphql.types.forecast"
ITERATIONS = "api.graphql.types.iterations"
ITEMS = "api.graphql.types.items"


async def _planning(
    info: Info, product_id: str, as_of: datetime | None
) -> tuple[ProductPlanning, list[IterationRow]]:
    if as_of is not None:
        check_instant(as_of, "asOf")
        _, planning, iterations = await planning_at(info, product_id, as_of)
        return planning, iterations
    loaders = planning_loaders(info)
    return await loaders.planning.load(product_id), await loaders.iterations.load(product_id)


@strawberry.type
class ProductPlanningFields(NodeFields):
    """Product's planning fields (see planning.graphql)."""

    @strawberry.field(description="The product's iterations by number, optionally by status.")
    async def iterations(
        self,
        info: Info,
        status: list[Annotated[IterationStatus, strawberry.lazy(ITERATIONS)]] | None = None,
        as_of: datetime | None = None,
    ) -> list[Annotated[Iteration, strawberry.lazy(ITERATIONS)]]:
        from api.graphql.types.iterations import Iteration

        _, rows = await _planning(info, str(self.id), as_of)
        wanted = {s.value for s in status} if status is not None else None
        return [Iteration.from_row(r, as_of) for r in rows if wanted is None or r.status in wanted]

    @strawberry.field(
        description="When each ranked item that is not DONE should ship, in rank order. "
        "velocity (> 0) overrides the basis: else the mean delivered points of the last three "
        "CLOSED iterations, else the capacity of the first not-CLOSED iteration."
    )
    async def forecast(
        self, info: Info, velocity: float | None = None, as_of: datetime | None = None
    ) -> Annotated[Forecast, strawberry.lazy(FORECAST)]:
        from api.graphql.types.forecast import Forecast, ForecastItem
        from api.graphql.types.iterations import items_of

        if velocity is not None and not (math.isfinite(velocity) and velocity > 0):
            raise bad_input("velocity must be a number greater than 0")
        planning, _ = await _planning(info, str(self.id), as_of)
        row = planning.forecast
        speed, basis = row.velocity, row.basis
        if velocity is not None:
            speed, basis = velocity, VelocityBasis.GIVEN
        items = await items_of(info, str(self.id), [e.item_id for e in row.entries], as_of)
        by_id = {str(item.id): item for item in items}
        return Forecast(
            velocity=speed,
            basis=basis,
            items=[
                ForecastItem(
                    cumulative_points=e.cumulative_points,
                    iterations_away=iterations_away(e, speed),
                    unestimated=not e.estimated,
                    row_item=by_id[e.item_id],
                )
                for e in row.entries
                if e.item_id in by_id
            ],
        )

    @strawberry.field(
        description="What holds the team back, by kind in enum order, then by the subject's "
        "rank (items), number (iterations) or name (members)."
    )
    async def bottlenecks(
        self, info: Info, as_of: datetime | None = None
    ) -> list[Annotated[Bottleneck, strawberry.lazy(FORECAST)]]:
        from api.graphql.types.forecast import Bottleneck

        planning, iterations = await _planning(info, str(self.id), as_of)
        by_id = {r.id: r for r in iterations}
        member_ids = [b.member_id for b in planning.bottlenecks if b.member_id]
        found = await info.context.loaders.members.load_many(member_ids)
        names = {m.id: m.name for m in found if m is not None}
        rows = sorted(
            planning.bottlenecks,
            key=lambda b: (KINDS.index(b.kind), names.get(b.member_id or "", ""), b.order),
        )
        return [
            Bottleneck(
                kind=b.kind,
                subject_id=strawberry.ID(b.subject_id),
                summary=b.summary.replace("{name}", names.get(b.member_id or "", "someone")),
                product_id=str(self.id),
                item_ids=b.item_ids,
                member_id=b.member_id,
                iteration_row=by_id.get(b.iteration_id or ""),
                as_of=as_of,
            )
            for b in rows
        ]

    @strawberry.field(description="In-progress items allowed per engineer; null when unlimited.")
    async def wip_limit(self, info: Info) -> int | None:
        return (await planning_loaders(info).planning.load(str(self.id))).wip_limit
