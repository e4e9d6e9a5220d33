"""`tandem replay --why ITEM`: why an item sits where it is, as BacklogItem.why answers
it — the last decision that placed the item, then the decisions it names in causedBy,
transitively, newest first — with what each decision was caused by."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from api.composition import Container
from projections.reader import ViewReader
from projections.rows import DecisionRow


@dataclass(frozen=True)
class Link:
    """One decision of the chain and the positions of the decisions it names as causes."""

    decision: DecisionRow
    caused_by: tuple[int, ...]


async def why_chain(reader: ViewReader, item_id: str) -> list[Link]:
    """The item's why-chain from the views, newest first (empty for an unknown item)."""
    ids = await reader.why(item_id)
    rows = await reader.decisions_by_id(ids)
    chain = [rows[i] for i in ids if i in rows]
    if not chain:
        return []
    causes = await reader.causes_of([row.position for row in chain])
    named = await reader.decisions_by_id(sorted({c for cs in causes.values() for c in cs}))
    return [
        Link(row, tuple(named[c].position for c in causes.get(row.position, []) if c in named))
        for row in chain
    ]


def item_title(tandem: Container, product_id: str, item_id: str) -> str | None:
    """The item's title if it is an item of the product, else None."""
    with tandem.projections.store.transaction() as tx:
        found = tx.fetchall(
            "SELECT title FROM backlog_items WHERE item_id = ? AND product_id = ?",
            (item_id, product_id),
        )
    return str(found[0][0]) if found else None


def print_why(console: Console, tandem: Container, item_id: str, title: str) -> None:
    chain = asyncio.run(_chain(tandem, item_id))
    table = Table(title=f"Why '{title}' sits where it is (newest first)")
    for column in ("position", "at", "decision", "rationale", "caused by"):
        table.add_column(column)
    for link in chain:
        row = link.decision
        table.add_row(
            str(row.position),
            row.at.isoformat(),
            row.summary,
            row.rationale or "-",
            ", ".join(f"#{p}" for p in link.caused_by) or "-",
        )
    console.print(table)


async def _chain(tandem: Container, item_id: str) -> list[Link]:
    reader = tandem.reader()
    try:
        return await why_chain(reader, item_id)
    finally:
        await reader.close()
