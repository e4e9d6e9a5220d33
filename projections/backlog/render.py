"""The backlog fold: a product's state -> its backlog rows. Pure.

The live view and time travel share these functions: the live runner renders
the rows a batch touched and stores them; an asOf query renders the product as
it stood at a past version, in memory.
"""

from __future__ import annotations

from datetime import datetime

from domain.backlog_item import BacklogItem
from domain.product import Product
from projections.rows import (
    AssignmentRow,
    GoalRow,
    ItemRow,
    MembershipRow,
    ProductRow,
)


def product_row(product: Product) -> ProductRow:
    return ProductRow(
        id=str(product.id),
        name=product.name,
        vision=product.vision,
        backlog_version=product.backlog_version,
        version=product.version,
    )


def membership_rows(product: Product) -> list[MembershipRow]:
    return [
        MembershipRow(str(product.id), member_id, role)
        for member_id, roles in product.roles.items()
        for role in roles
    ]


def goal_rows(product: Product) -> list[GoalRow]:
    return [
        GoalRow(
            id=g.id,
            product_id=str(product.id),
            title=g.title,
            metric=g.metric,
            target_date=datetime.fromisoformat(g.target_date) if g.target_date else None,
            status=g.status,
        )
        for g in product.goals
    ]


def ranks(product: Product) -> dict[str, int]:
    return {item_id: index + 1 for index, item_id in enumerate(product.order)}


def item_row(product: Product, item: BacklogItem, rank: int | None) -> ItemRow:
    return row_of(str(product.id), item, rank)


def row_of(product_id: str, item: BacklogItem, rank: int | None) -> ItemRow:
    """An item's row, given its product's id (time travel reads items without their product)."""
    return ItemRow(
        id=item.id,
        product_id=product_id,
        title=item.title,
        description=item.description,
        kind=item.kind.value,
        status=item.status.value,
        rank=rank,
        estimate=item.estimate,
        acceptance_criteria=tuple(item.acceptance_criteria),
        version=item.version,
        assignments=tuple(
            AssignmentRow(item.id, member_id, percent)
            for member_id, percent in item.assignments.items()
        ),
    )


def backlog_ids(product: Product, statuses: frozenset[str] | None = None) -> list[str]:
    """Ranked items in priority order, then (if asked by status) unranked ones in
    proposal order. Without statuses: the active backlog."""
    if statuses is None:
        return list(product.order)
    items = product.items
    ranked = [i for i in product.order if items[i].status.value in statuses]
    unranked = [
        i
        for i, item in items.items()
        if not item.status.is_ranked and item.status.value in statuses
    ]
    return ranked + unranked


def backlog_rows(
    product: Product,
    statuses: frozenset[str] | None = None,
    ids: list[str] | None = None,
) -> list[ItemRow]:
    """The rows of `backlog_ids` (or of `ids`, a slice of them, rendering only a page)."""
    rank_of = ranks(product)
    chosen = backlog_ids(product, statuses) if ids is None else ids
    return [item_row(product, product.items[i], rank_of.get(i)) for i in chosen]
