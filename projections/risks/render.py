"""The risk fold: a product's state -> its risk rows. Pure; the live view stores
them and an asOf query renders the product as it stood then, in memory."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.governance_events import risks_of
from domain.product import Product
from projections.registers import Register


@dataclass(frozen=True)
class RiskRow:
    id: str
    product_id: str
    number: int
    kind: str
    title: str
    description: str
    likelihood: int
    impact: int
    status: str
    raised_by: str | None
    item_ids: tuple[str, ...]
    version: int
    raised_at: datetime
    resolved_at: datetime | None

    @property
    def exposure(self) -> int:
        return self.likelihood * self.impact


def risk_rows(product: Product) -> list[RiskRow]:
    """Every risk and opportunity of the product, in the order they were raised."""
    return REGISTER.rows_of(product)


def by_exposure(rows: Iterable[RiskRow], statuses: Collection[str] | None) -> list[RiskRow]:
    """The register's order: highest exposure first, then by number."""
    kept = [r for r in rows if statuses is None or r.status in statuses]
    return sorted(kept, key=lambda r: (-r.exposure, r.number))


REGISTER = Register(
    RiskRow,
    risks_of,
    "risks",
    "risk_id",
    "risk_items",
    "exposure DESC, number",
    computed=("exposure",),
)
"""Where the risk view keeps the rows: highest exposure first, then by number."""
