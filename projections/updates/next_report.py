"""What the next update would say: the window after the latest published update, read
from the views, composed by compose.py. The report names the product version it was
composed at, so publishing it can refuse it if the product moved on meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from projections.rows import DecisionRow, ItemRow, Page, ProductRow
from projections.updates.compose import TOP, ReportInputs, compose
from projections.updates.rows import UpdateRow

BATCH = 1000


class ReportSources(Protocol):
    async def products(self, ids: list[str] | None = None) -> list[ProductRow]: ...
    async def latest_update(self, product_id: str) -> UpdateRow | None: ...
    async def decisions_after(
        self, product_id: str, position: int, limit: int = 500
    ) -> list[DecisionRow]: ...
    async def backlog(
        self, product_id: str, statuses: frozenset[str] | None, first: int, offset: int
    ) -> Page[ItemRow]: ...
    async def items(self, ids: list[str]) -> dict[str, ItemRow]: ...


@dataclass(frozen=True)
class NextReport:
    markdown: str
    version: int
    """The product version the views showed; None-free: 0 when the product is unknown."""
    consistent: bool
    """False when the views were caught mid-batch (read again)."""


async def next_report(
    reader: ReportSources, product_id: str, headline: str, note: str | None
) -> NextReport | None:
    """None when the views know no such product."""
    products = await reader.products([product_id])
    if not products:
        return None
    version = products[0].version
    latest = await reader.latest_update(product_id)
    decisions = await _window(reader, product_id, latest.position if latest else 0)
    seen = decisions[-1].version if decisions else (latest.version if latest else 1)
    top = (await reader.backlog(product_id, None, TOP, 0)).rows
    accepted = [d.subject_id for d in decisions if d.type == "ItemAccepted"]
    titles = {i: row.title for i, row in (await reader.items(accepted)).items()}
    inputs = ReportInputs(headline, note, decisions, top, titles, {})
    return NextReport(compose(inputs), version, consistent=seen == version)


async def _window(reader: ReportSources, product_id: str, after: int) -> list[DecisionRow]:
    """The product's decisions after `after` (a log position), oldest first."""
    found: list[DecisionRow] = []
    while True:
        batch = await reader.decisions_after(product_id, after, BATCH)
        found += batch
        if len(batch) < BATCH:
            return found
        after = batch[-1].position
