"""The positions view's queries."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from projections.engine.drivers import Driver, Row, marks
from projections.positions.fold import PositionRow

COLUMNS = "position_id, product_id, title, description, status, filled_by, version"


def to_position(row: Row) -> PositionRow:
    return PositionRow(*row)


class PositionQueries:
    """Reads the positions view (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def product_positions(
        self, product_id: str, statuses: Collection[str] | None = None
    ) -> list[PositionRow]:
        """The product's positions in the order they were opened."""
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM positions WHERE product_id = ? ORDER BY seq", (product_id,)
        )
        found = [to_position(r) for r in rows]
        return [p for p in found if statuses is None or p.status in statuses]

    async def positions_by_id(self, ids: Sequence[str]) -> dict[str, PositionRow]:
        if not ids:
            return {}
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM positions WHERE position_id IN ({marks(ids)})", ids
        )
        return {r[0]: to_position(r) for r in rows}
