"""The risk view's queries: a product's register, risks by id, and by item."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from projections.engine.drivers import Driver
from projections.risks.render import REGISTER, RiskRow


class RiskQueries:
    """Reads the risk view (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def risks(self, product_id: str, statuses: Collection[str] | None) -> list[RiskRow]:
        """The register, highest exposure first, then by number."""
        return await REGISTER.of_product(self.driver, product_id, statuses)

    async def risks_by_id(self, ids: Sequence[str]) -> dict[str, RiskRow]:
        return await REGISTER.by_id(self.driver, ids)

    async def risks_of_item(self, item_id: str) -> list[RiskRow]:
        """The risks that concern an item, highest exposure first, then by number."""
        return await REGISTER.of_item(self.driver, item_id)
