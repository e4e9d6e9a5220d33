"""The technical record's queries: a product's architecture decisions, decisions by
id and by item, and items' technical requirements."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from projections.adrs.render import REGISTER, AdrRow
from projections.engine.drivers import Driver


class AdrQueries:
    """Reads the technical record (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def architecture_decisions(
        self, product_id: str, statuses: Collection[str] | None
    ) -> list[AdrRow]:
        """By number."""
        return await REGISTER.of_product(self.driver, product_id, statuses)

    async def architecture_decisions_by_id(self, ids: Sequence[str]) -> dict[str, AdrRow]:
        return await REGISTER.by_id(self.driver, ids)

    async def architecture_decisions_of_item(self, item_id: str) -> list[AdrRow]:
        return await REGISTER.of_item(self.driver, item_id)

    async def technical_requirements(self, item_id: str) -> list[str]:
        rows = await self.driver.fetch(
            "SELECT requirements FROM technical_requirements WHERE item_id = ?", (item_id,)
        )
        return list(json.loads(rows[0][0])) if rows else []
