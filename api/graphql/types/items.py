"""Backlog items: current ones from the backlog view, past ones from time travel."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import strawberry

from api.graphql.arguments import BACKLOG_CURSOR
from api.graphql.enums import ItemKind, ItemStatus
from api.graphql.types.causes import ItemWhy
from api.graphql.types.decisions import history_field
from api.graphql.types.governed import GovernedItem
from api.graphql.types.item_fields import ItemLifecycleFields
from api.graphql.types.item_planning import ItemPlanningFields
from api.graphql.types.members import Member, member_field, read_assignees
from api.graphql.types.node import Connection, Edge, Info, Node, version_field
from api.graphql.types.scores import ItemScore
from projections.rows import ItemRow, Page


@strawberry.type(description="A member's share of time on an item.")
class Assignment:
    percent: int = strawberry.field(description="Share of the member's time on this item, 1..100.")
    member_id: strawberry.Private[str]

    @strawberry.field(description="Who is assigned.")
    def member(self, info: Info) -> Member:
        return member_field(info, self.member_id)


@strawberry.type(description="A unit of work in a product's backlog.")
class BacklogItem(
    Node,
    GovernedItem,
    ItemWhy,
    ItemScore,
    ItemPlanningFields,
    ItemLifecycleFields,
):
    title: str = strawberry.field(description="Short name, e.g. 'SSO login'.")
    description: str = strawberry.field(description="What and why, refined by the PO.")
    kind: ItemKind = strawberry.field(description="Feature, bug, ...")
    status: ItemStatus = strawberry.field(description="Where the item stands.")
    rank: int | None = strawberry.field(
        description="1-based position in the product backlog among items that are neither "
        "ACCEPTED nor DROPPED; null for those."
    )
    estimate: float | None = strawberry.field(
        description="Story points, set by the Engineering Manager; null until estimated."
    )
    acceptance_criteria: list[str] = strawberry.field(
        description="What must hold for the PO to accept the item."
    )
    assignments: list[Assignment] = strawberry.field(description="Who works on it, how much.")
    version: int = version_field("item")
    as_of: strawberry.Private[datetime | None]

    history = history_field(
        "Every decision about this item, oldest first (up to asOf "
        "when the item was read asOf an instant)."
    )

    @classmethod
    def from_row(cls, row: ItemRow, as_of: datetime | None = None) -> BacklogItem:
        """`as_of` marks an item rebuilt as it stood then; its fields are that instant's.
        Every field is named (not `filled`), and the enums are looked up by value: a page
        builds one per row, and Enum(value) alone took a third of the time."""
        return cls(
            id=strawberry.ID(row.id),
            title=row.title,
            description=row.description,
            kind=_KINDS[row.kind],
            status=_STATUSES[row.status],
            rank=row.rank,
            estimate=row.estimate,
            acceptance_criteria=list(row.acceptance_criteria),
            assignments=[
                Assignment(member_id=a.member_id, percent=a.percent) for a in row.assignments
            ],
            version=row.version,
            as_of=as_of,
        )


_KINDS = {kind.value: kind for kind in ItemKind}
_STATUSES = {status.value: status for status in ItemStatus}


@strawberry.type(description="A page of backlog items in priority order.")
class BacklogItemConnection(Connection[Edge[BacklogItem]]):
    total_count: int = strawberry.field(description="Items matching the request, in all.")

    @classmethod
    async def after(
        cls, info: Info, offset: int, page: Page[ItemRow], as_of: datetime | None = None
    ) -> BacklogItemConnection:
        """The page of items that follows the first `offset`; `as_of` as in from_row.
        Its assignees' names are read first when the query asks for them."""
        await read_assignees(info, page.rows)
        node = partial(BacklogItem.from_row, as_of=as_of)
        return cls.from_page(page, BACKLOG_CURSOR, node, offset=offset)
