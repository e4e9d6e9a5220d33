"""The technical record's fold: a product's state -> its architecture decision rows
and its items' technical requirements. Pure; shared by the live view and asOf."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from domain.governance_events import adrs_of, requirements_of
from domain.product import Product
from projections.registers import Register


@dataclass(frozen=True)
class AdrRow:
    id: str
    product_id: str
    number: int
    title: str
    context: str
    decision: str
    consequences: str
    status: str
    supersedes_id: str | None
    superseded_by_id: str | None
    proposed_by: str | None
    item_ids: tuple[str, ...]
    version: int
    decided_at: datetime | None
    """When it was last accepted, rejected or superseded; None while PROPOSED."""


def adr_rows(product: Product, statuses: Collection[str] | None = None) -> list[AdrRow]:
    """The product's architecture decisions by number (the order they were proposed)."""
    rows = REGISTER.rows_of(product)
    return rows if statuses is None else [a for a in rows if a.status in statuses]


def requirements(product: Product) -> dict[str, list[str]]:
    """Technical requirements by item id (items without any are absent)."""
    return {item_id: list(found) for item_id, found in requirements_of(product).items()}


REGISTER = Register(AdrRow, adrs_of, "adrs", "adr_id", "adr_items", "number")
