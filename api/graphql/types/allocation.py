"""Who works on a product, how much, and on what."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import strawberry

from api.graphql.types.items import BacklogItem
from api.graphql.types.members import Member, require_member
from api.graphql.types.node import Info, filled
from projections.rows import ItemRow, MemberLoadRow


@strawberry.type(description="One member's load on a product.")
class MemberLoad:
    capacity_percent: int = strawberry.field(
        description="Share of the member's time available to this product, 0..100 (default 100)."
    )
    allocated_percent: int = strawberry.field(
        description="Sum of the member's assignments on this product's items that are "
        "neither DONE, ACCEPTED nor DROPPED."
    )
    over_allocated: bool = strawberry.field(
        description="allocatedPercent is above capacityPercent."
    )
    member_id: strawberry.Private[str]
    item_ids: strawberry.Private[tuple[str, ...]]
    past_items: strawberry.Private[Mapping[str, ItemRow] | None]
    as_of: strawberry.Private[datetime | None]

    @strawberry.field(description="Who.")
    async def member(self, info: Info) -> Member:
        return await require_member(info, self.member_id)

    @strawberry.field(description="The items the member is assigned to.")
    async def items(self, info: Info) -> list[BacklogItem]:
        if self.past_items is not None:
            past = self.past_items
            return [BacklogItem.from_row(past[i], self.as_of) for i in self.item_ids if i in past]
        rows = await info.context.loaders.items.load_many(list(self.item_ids))
        return [BacklogItem.from_row(row) for row in rows if row is not None]

    @classmethod
    def from_row(
        cls,
        row: MemberLoadRow,
        past_items: Mapping[str, ItemRow] | None = None,
        as_of: datetime | None = None,
    ) -> MemberLoad:
        return filled(cls, row, past_items=past_items, as_of=as_of)


@strawberry.type(description="How a product's people are allocated.")
class Allocation:
    members: list[MemberLoad] = strawberry.field(
        description="Every member with the ENGINEER role on the product, and anyone holding "
        "an assignment on it."
    )
