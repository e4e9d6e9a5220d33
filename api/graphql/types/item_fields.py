"""What the lifecycle adds to BacklogItem: its goals, who requested it, and the item as
it stood at an instant."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import anyio.to_thread
import strawberry

from api.graphql.arguments import check_instant
from api.graphql.types.lifecycle_loaders import lifecycle_loaders
from api.graphql.types.members import Member, require_member
from api.graphql.types.node import Info, NodeFields
from api.graphql.types.past import past_product
from projections.backlog import render

if TYPE_CHECKING:
    from api.graphql.types.items import BacklogItem
    from api.graphql.types.product import Goal


@strawberry.type
class ItemLifecycleFields(NodeFields):
    """Mixed into BacklogItem (api/graphql/types/items.py)."""

    if TYPE_CHECKING:
        as_of: datetime | None

    async def _product_id(self, info: Info) -> str | None:
        row = await info.context.loaders.items.load(str(self.id))
        return row.product_id if row else None

    @strawberry.field(description="The goals this item serves (setItemGoals), in goal order.")
    async def goals(
        self, info: Info
    ) -> list[Annotated[Goal, strawberry.lazy("api.graphql.types.product")]]:
        from api.graphql.types.product import Goal

        product_id = await self._product_id(info)
        if product_id is None:
            return []
        if self.as_of is not None:
            past = await past_product(info, product_id, self.as_of)
            if past is None or str(self.id) not in past.items:
                return []
            linked = set(past.items[str(self.id)].goal_ids)
            rows = [g for g in render.goal_rows(past) if g.id in linked]
            return [replace(Goal.from_row(g), at=self.as_of) for g in rows]
        _, goal_ids = await lifecycle_loaders(info).item_extras.load(str(self.id))
        linked = set(goal_ids)
        rows = await info.context.loaders.goals.load(product_id)
        return [Goal.from_row(g) for g in rows if g.id in linked]

    @strawberry.field(
        description="The member whose requestItem created this item; null for proposeItem."
    )
    async def requested_by(self, info: Info) -> Member | None:
        if self.as_of is not None:
            product_id = await self._product_id(info)
            past = await past_product(info, product_id, self.as_of) if product_id else None
            item = past.items.get(str(self.id)) if past else None
            requester = item.requested_by if item else None
        else:
            requester, _ = await lifecycle_loaders(info).item_extras.load(str(self.id))
        return await require_member(info, requester) if requester else None

    @strawberry.field(
        name="asOf", description="This item as it stood at `at`; null if it did not exist yet."
    )
    async def item_as_of(
        self, info: Info, at: datetime
    ) -> Annotated[BacklogItem, strawberry.lazy("api.graphql.types.items")] | None:
        from api.graphql.types.items import BacklogItem

        check_instant(at, "at")
        product_id = await self._product_id(info)
        if product_id is None:
            return None
        travel = info.context.services.time_travel
        rows = await anyio.to_thread.run_sync(travel.items, product_id, at, [str(self.id)])
        row = rows.get(str(self.id))
        return BacklogItem.from_row(row, at) if row else None
