"""The allocation view's query: each member's load on a product."""

from __future__ import annotations

import json

from projections.engine.drivers import Driver
from projections.rows import MemberLoadRow


class AllocationQueries:
    """Reads the allocation view (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def allocation(self, product_id: str) -> list[MemberLoadRow]:
        rows = await self.driver.fetch(
            "SELECT product_id, member_id, capacity_percent, allocated_percent, item_ids "
            "FROM allocation_loads WHERE product_id = ? ORDER BY seq",
            (product_id,),
        )
        return [MemberLoadRow(r[0], r[1], r[2], r[3], tuple(json.loads(r[4]))) for r in rows]
