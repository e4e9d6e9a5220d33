"""What the lifecycle adds to Product: the product as it stood at an instant (every
nested field then reads that instant, unless given its own asOf), and Product.items
with its filter."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.graphql.arguments import (
    backlog_window,
    check_instant,
    parse_id,
)
from api.graphql.enums import ItemKind, ItemStatus
from api.graphql.errors import bad_input
from api.graphql.types.items import BacklogItemConnection
from api.graphql.types.node import Info, NodeFields
from api.graphql.types.past import past_product
from domain.product import Product as ProductState
from projections.backlog import render
from projections.lifecycle.item_filter import ItemFacts, ItemFilter, listed
from projections.rows import ItemRow, Page

if TYPE_CHECKING:
    from api.graphql.types.product import Product

MAX_SEARCH = 200


@strawberry.input(name="ItemFilter", description="Which items to list; criteria combine with AND.")
class ItemFilterInput:
    status: list[ItemStatus] | None = None
    kinds: list[ItemKind] | None = None
    assignee_id: strawberry.ID | None = None
    goal_id: strawberry.ID | None = None
    search: str | None = strawberry.field(
        default=None,
        description="Matches title or description, case-insensitively, as a plain substring.",
    )

    def to_filter(self) -> ItemFilter:
        if self.search is not None and len(self.search) > MAX_SEARCH:
            raise bad_input(f"search is at most {MAX_SEARCH} characters")
        return ItemFilter(
            statuses=frozenset(s.value for s in self.status) if self.status is not None else None,
            kinds=frozenset(k.value for k in self.kinds) if self.kinds is not None else None,
            assignee_id=parse_id(self.assignee_id, "assigneeId") if self.assignee_id else None,
            goal_id=parse_id(self.goal_id, "goalId") if self.goal_id else None,
            search=self.search or None,
        )


def past_facts(product: ProductState) -> list[ItemFacts]:
    """Every item of a past product, rendered by the backlog fold."""
    rows = render.backlog_rows(product, None, list(product.items))
    return [
        ItemFacts(row, seq, tuple(product.items[row.id].goal_ids)) for seq, row in enumerate(rows)
    ]


@strawberry.type
class ProductLifecycleFields(NodeFields):
    """Mixed into Product (api/graphql/types/product.py)."""

    at: strawberry.Private[datetime | None] = None
    """Set on a product read asOf an instant: its nested fields read that instant."""

    @strawberry.field(
        name="asOf",
        description="This product as it stood at `at`, every nested field included; "
        "null if it did not exist yet.",
    )
    async def product_as_of(
        self, info: Info, at: datetime
    ) -> Annotated[Product, strawberry.lazy("api.graphql.types.product")] | None:
        from api.graphql.types.product import Product

        check_instant(at, "at")
        past = await past_product(info, str(self.id), at)
        if past is None:
            return None
        product = Product.from_row(render.product_row(past))
        product.at = at
        return product

    @strawberry.field(
        description="Items of every status matching the filter: ranked ones by rank, then "
        "the unranked ones, most recently proposed (or requested) first."
    )
    async def items(
        self,
        info: Info,
        filter: ItemFilterInput | None = None,
        as_of: datetime | None = None,
        first: int | None = 100,
        after: str | None = None,
    ) -> BacklogItemConnection:
        first, offset = backlog_window(first, after)
        where = filter.to_filter() if filter is not None else ItemFilter()
        at = check_instant(as_of, "asOf") or self.at
        if at is not None:
            past = await past_product(info, str(self.id), at)
            facts = past_facts(past) if past is not None else []
        else:
            facts = await info.context.services.reader.item_facts(str(self.id))
        rows: list[ItemRow] = listed(facts, where)
        page = Page(rows[offset : offset + first], offset + first < len(rows), len(rows))
        return await BacklogItemConnection.after(info, offset, page, at)
