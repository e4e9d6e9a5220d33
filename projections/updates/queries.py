"""Reads the updates view (one part of projections.reader.ViewReader)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from projections.engine.drivers import Driver
from projections.rows import Page
from projections.updates.rows import UpdateRow

COLUMNS = (
    "update_id, product_id, version, position, number, headline, note, author_id, "
    "window_from, window_to, markdown"
)


def to_update(r: Any) -> UpdateRow:
    return UpdateRow(
        id=r[0],
        product_id=r[1],
        version=int(r[2]),
        position=int(r[3]),
        number=int(r[4]),
        headline=r[5],
        note=r[6],
        author_id=r[7],
        window_from=datetime.fromisoformat(r[8]),
        window_to=datetime.fromisoformat(r[9]),
        markdown=r[10],
    )


class UpdateQueries:
    """Published stakeholder updates."""

    driver: Driver

    async def updates(self, product_id: str, first: int, before: int | None) -> Page[UpdateRow]:
        """Newest first; `before` is an update number (the cursor)."""
        total = (
            await self.driver.fetch(
                "SELECT COUNT(*) FROM stakeholder_updates WHERE product_id = ?", (product_id,)
            )
        )[0][0]
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM stakeholder_updates WHERE product_id = ? AND number < ? "
            "ORDER BY number DESC LIMIT ?",
            (product_id, before if before is not None else 2**31 - 1, first + 1),
        )
        return Page([to_update(r) for r in rows[:first]], len(rows) > first, int(total))

    async def update_at(self, product_id: str, version: int) -> UpdateRow | None:
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM stakeholder_updates WHERE product_id = ? AND version = ?",
            (product_id, version),
        )
        return to_update(rows[0]) if rows else None

    async def update_by_id(self, update_id: str) -> UpdateRow | None:
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM stakeholder_updates WHERE update_id = ?", (update_id,)
        )
        return to_update(rows[0]) if rows else None

    async def latest_update(self, product_id: str) -> UpdateRow | None:
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM stakeholder_updates WHERE product_id = ? "
            "ORDER BY number DESC LIMIT 1",
            (product_id,),
        )
        return to_update(rows[0]) if rows else None
