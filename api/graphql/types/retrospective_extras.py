"""What a team puts on the wall besides the contract's retrospective: how often items
moved and why, how estimates changed, what was started but not finished, and how long
accepted items took from READY."""

from __future__ import annotations

import asyncio
from datetime import datetime

import strawberry

from api.graphql.types.items import BacklogItem
from api.graphql.types.members import Member, require_member
from api.graphql.types.node import Info
from projections.rows import ItemRow
from projections.time_travel.retrospective import RetrospectiveReport


def _item(row: ItemRow, to: datetime) -> BacklogItem:
    return BacklogItem.from_row(row, to)


@strawberry.type(description="How often an item was reprioritized in the window, by whom, and why.")
class ItemChurn:
    moves: int = strawberry.field(description="ItemPrioritized decisions in the window.")
    rationales: list[str] = strawberry.field(description="Their rationales, oldest first.")
    row: strawberry.Private[ItemRow]
    to: strawberry.Private[datetime]
    actor_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field(description="The item, as it stood at `to`.")
    def item(self) -> BacklogItem:
        return _item(self.row, self.to)

    @strawberry.field(description="Who moved it.")
    async def actors(self, info: Info) -> list[Member]:
        return list(await asyncio.gather(*(require_member(info, m) for m in self.actor_ids)))


@strawberry.type(description="An item's estimate at the start and at the end of the window.")
class EstimateChange:
    first: float | None = strawberry.field(
        description="The estimate before the window's first estimation; null if it had none."
    )
    last: float | None = strawberry.field(description="The estimate after the last one.")
    estimates: int = strawberry.field(description="ItemEstimated decisions in the window.")
    row: strawberry.Private[ItemRow]
    to: strawberry.Private[datetime]

    @strawberry.field(description="The item, as it stood at `to`.")
    def item(self) -> BacklogItem:
        return _item(self.row, self.to)


@strawberry.type(description="How long an accepted item took from READY to ACCEPTED.")
class CycleTime:
    ready_at: datetime | None = strawberry.field(
        description="When it became READY; null if it never was."
    )
    accepted_at: datetime = strawberry.field(description="When the PO accepted it.")
    seconds: float | None = strawberry.field(description="From readyAt to acceptedAt, in seconds.")
    row: strawberry.Private[ItemRow]
    to: strawberry.Private[datetime]

    @strawberry.field(description="The item, as it stood at `to`.")
    def item(self) -> BacklogItem:
        return _item(self.row, self.to)


def churn(source: RetrospectiveReport, to: datetime) -> list[ItemChurn]:
    return [
        ItemChurn(
            moves=c.moves,
            rationales=list(c.rationales),
            row=c.item,
            to=to,
            actor_ids=tuple(c.actor_ids),
        )
        for c in source.churn
    ]


def estimate_changes(source: RetrospectiveReport, to: datetime) -> list[EstimateChange]:
    return [
        EstimateChange(first=e.first, last=e.last, estimates=e.estimates, row=e.item, to=to)
        for e in source.estimate_changes
    ]


def started_not_completed(source: RetrospectiveReport, to: datetime) -> list[BacklogItem]:
    return [_item(row, to) for row in source.started_not_completed]


def cycle_times(source: RetrospectiveReport, to: datetime) -> list[CycleTime]:
    return [
        CycleTime(
            ready_at=c.ready_at, accepted_at=c.accepted_at, seconds=c.seconds, row=c.item, to=to
        )
        for c in source.cycle_times
    ]
