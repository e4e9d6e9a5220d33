"""What changed between two instants, for a team's retrospective."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import strawberry

from api.graphql.enums import Role
from api.graphql.errors import INTERNAL, ApiError
from api.graphql.time_travel_port import RetrospectiveData
from api.graphql.types import retrospective_extras as extras
from api.graphql.types.items import BacklogItem
from api.graphql.types.node import Info
from projections.rows import ItemRow


async def _item(info: Info, item: ItemRow | str, as_of: datetime) -> BacklogItem:
    if isinstance(item, ItemRow):
        return BacklogItem.from_row(item, as_of)
    row = await info.context.loaders.items.load(item)
    if row is None:
        raise ApiError(INTERNAL, f"the retrospective names an unknown item {item}")
    return BacklogItem.from_row(row)


@strawberry.type(description="An item whose rank differs between two instants.")
class RankChange:
    from_rank: int | None = strawberry.field(
        description="Rank at `from`; null if the item was not ranked then (absent, accepted "
        "or dropped)."
    )
    to_rank: int | None = strawberry.field(
        description="Rank at `to`; null if the item was not ranked then."
    )
    source: strawberry.Private[ItemRow | str]
    to: strawberry.Private[datetime]

    @strawberry.field(description="The item, as it stood at `to`.")
    async def item(self, info: Info) -> BacklogItem:
        return await _item(info, self.source, self.to)


@strawberry.type(description="How many decisions were made in one role.")
class RoleCount:
    role: Role
    count: int


@strawberry.type(description="What changed in a product between two instants.")
class Retrospective:
    from_: datetime = strawberry.field(name="from", description="Start of the window, exclusive.")
    to: datetime = strawberry.field(description="End of the window, inclusive.")
    decision_count: int = strawberry.field(
        description="Number of decisions recorded in the window (from, to]: after `from`, at "
        "or before `to`. fromRank and toRank are the ranks asOf `from` and asOf `to`."
    )
    decisions_by_role: list[RoleCount] = strawberry.field(
        description="Decisions in the window by the role they were made in."
    )
    rank_changes: list[RankChange] = strawberry.field(
        description="Items whose rank differs between `from` and `to`, by toRank, then unranked."
    )
    accepted_items: strawberry.Private[list[ItemRow | str]]
    source: strawberry.Private[Any]

    @strawberry.field(description="Items reprioritized in the window: how often, by whom, why.")
    def churn(self) -> list[extras.ItemChurn]:
        return extras.churn(self.source, self.to)

    @strawberry.field(description="Items estimated in the window: first and last estimate.")
    def estimate_changes(self) -> list[extras.EstimateChange]:
        return extras.estimate_changes(self.source, self.to)

    @strawberry.field(description="Items started but not completed by the end of the window.")
    def started_not_completed(self) -> list[BacklogItem]:
        return extras.started_not_completed(self.source, self.to)

    @strawberry.field(description="Items accepted in the window: time from READY to ACCEPTED.")
    def cycle_times(self) -> list[extras.CycleTime]:
        return extras.cycle_times(self.source, self.to)

    @strawberry.field(description="Items that reached ACCEPTED in (from, to].")
    async def accepted(self, info: Info) -> list[BacklogItem]:
        return list(
            await asyncio.gather(*(_item(info, item, self.to) for item in self.accepted_items))
        )

    @classmethod
    def from_data(cls, data: RetrospectiveData) -> Retrospective:
        return cls(
            from_=data.from_,
            to=data.to,
            decision_count=data.decision_count,
            decisions_by_role=[
                RoleCount(role=Role(role), count=count)
                for role, count in data.decisions_by_role
                if role
            ],
            rank_changes=[
                RankChange(from_rank=c.from_rank, to_rank=c.to_rank, source=c.item, to=data.to)
                for c in data.rank_changes
            ],
            accepted_items=data.accepted,
            source=data.source,
        )
