"""The planning fields of BacklogItem and Retrospective, as mixins added to their bases."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry

from api.graphql.planning_loaders import planning_at, planning_loaders
from api.graphql.types.node import Info, NodeFields
from projections.planning.rows import ItemLinks

if TYPE_CHECKING:
    from api.graphql.types.items import BacklogItem
    from api.graphql.types.iterations import Iteration

ITERATIONS = "api.graphql.types.iterations"
ITEMS = "api.graphql.types.items"
Item = Annotated["BacklogItem", strawberry.lazy(ITEMS)]


async def _links(info: Info, item: Any) -> tuple[str, ItemLinks]:
    """The item's product and planning links, now or as they stood at the item's asOf."""
    row = await info.context.loaders.items.load(str(item.id))
    product_id = row.product_id if row is not None else ""
    if item.as_of is not None:
        _, planning, _ = await planning_at(info, product_id, item.as_of)
    else:
        planning = await planning_loaders(info).planning.load(product_id)
    return product_id, planning.links.get(str(item.id), ItemLinks())


@strawberry.type
class ItemPlanningFields(NodeFields):
    """BacklogItem's planning fields (see planning.graphql)."""

    @strawberry.field(description="Items this one depends on, in the order the EM added them.")
    async def depends_on(self, info: Info) -> list[Item]:
        from api.graphql.types.iterations import items_of

        product_id, links = await _links(info, self)
        return await items_of(info, product_id, links.depends_on, getattr(self, "as_of", None))

    @strawberry.field(description="Items that depend on this one.")
    async def dependents(self, info: Info) -> list[Item]:
        from api.graphql.types.iterations import items_of

        product_id, links = await _links(info, self)
        return await items_of(info, product_id, links.dependents, getattr(self, "as_of", None))

    @strawberry.field(description="Whether the item is blocked (blockItem, until unblockItem).")
    async def blocked(self, info: Info) -> bool:
        return (await _links(info, self))[1].blocked_reason is not None

    @strawberry.field(description="Why it is blocked (the blockItem rationale); null if not.")
    async def blocked_reason(self, info: Info) -> str | None:
        return (await _links(info, self))[1].blocked_reason

    @strawberry.field(
        description="The iterations whose proposed or committed scope holds this item, by number."
    )
    async def iterations(
        self, info: Info
    ) -> list[Annotated[Iteration, strawberry.lazy(ITERATIONS)]]:
        from api.graphql.types.iterations import Iteration

        product_id, links = await _links(info, self)
        as_of = getattr(self, "as_of", None)
        if as_of is not None:
            _, _, rows = await planning_at(info, product_id, as_of)
        else:
            rows = await planning_loaders(info).iterations.load(product_id)
        return [Iteration.from_row(r, as_of) for r in rows if r.id in links.iteration_ids]


@strawberry.type(description="How one iteration turned out.")
class IterationOutcome:
    committed_points: float = strawberry.field(description="As committed.")
    delivered_points: float = strawberry.field(description="As delivered at closing.")
    scope_changes_after_commit: int = strawberry.field(
        description="Scope proposals recorded after the first commitment of the iteration."
    )
    iteration_row: strawberry.Private[Any]
    to: strawberry.Private[datetime]

    @strawberry.field(description="The iteration, as it stood at the window's end.")
    def iteration(self) -> Annotated[Iteration, strawberry.lazy(ITERATIONS)]:
        from api.graphql.types.iterations import Iteration

        return Iteration.from_row(self.iteration_row, self.to)

    @strawberry.field(description="Committed items not DONE or ACCEPTED when it closed.")
    async def carried_over(self, info: Info) -> list[Item]:
        from api.graphql.types.iterations import items_of

        row = self.iteration_row
        return await items_of(info, row.product_id, row.carried_over, self.to)


@strawberry.type
class RetrospectivePlanningFields:
    """Retrospective's planning fields; the product is set by `for_product`."""

    if TYPE_CHECKING:
        from_: datetime
        to: datetime

    @strawberry.field(description="Iterations closed in (from, to], by number.")
    async def iterations(self, info: Info) -> list[IterationOutcome]:
        product_id: str = self.__dict__.get("product_id", "")
        _, _, before = await planning_at(info, product_id, self.from_)
        _, _, after = await planning_at(info, product_id, self.to)
        closed_before = {r.id for r in before if r.status == "CLOSED"}
        return [
            IterationOutcome(
                committed_points=r.committed_points,
                delivered_points=r.delivered_points,
                scope_changes_after_commit=r.scope_changes_after_commit,
                iteration_row=r,
                to=self.to,
            )
            for r in sorted(after, key=lambda r: r.number)
            if r.status == "CLOSED" and r.id not in closed_before
        ]


R = TypeVar("R")


def for_product(retrospective: R, product_id: str) -> R:
    """The retrospective, told which product it is about (for its iterations)."""
    retrospective.__dict__["product_id"] = product_id
    return retrospective
