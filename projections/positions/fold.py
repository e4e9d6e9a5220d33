"""The positions fold: a product's state -> its positions, in the order opened. Pure:
the live view stores these rows; an asOf query renders them for a past version."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from domain.people_events import positions_of


@dataclass(frozen=True)
class PositionRow:
    id: str
    product_id: str
    title: str
    description: str
    status: str
    filled_by: str | None
    version: int


def position_rows(product: Any, statuses: Collection[str] | None = None) -> list[PositionRow]:
    """Every position of the product (those with one of `statuses`, when given)."""
    return [
        PositionRow(
            id=p["id"],
            product_id=str(product.id),
            title=p["title"],
            description=p["description"],
            status=p["status"],
            filled_by=p["filled_by"],
            version=p["version"],
        )
        for p in positions_of(product).values()
        if statuses is None or p["status"] in statuses
    ]
