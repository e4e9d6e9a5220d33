"""The planning view's queries: a product's planning rows and its iterations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from projections.engine.drivers import Driver, fetch_in
from projections.planning.codec import bottlenecks_from, forecast_from, iteration_from, links_from
from projections.planning.rows import (
    BottleneckRow,
    ForecastRow,
    ItemLinks,
    IterationRow,
    VelocityBasis,
)


@dataclass(frozen=True)
class ProductPlanning:
    """What the planning view keeps for one product (see projections.planning.fold)."""

    wip_limit: int | None = None
    forecast: ForecastRow = field(default_factory=lambda: ForecastRow(None, VelocityBasis.NONE, ()))
    bottlenecks: tuple[BottleneckRow, ...] = ()
    links: dict[str, ItemLinks] = field(default_factory=dict)


class PlanningQueries:
    """Reads the planning view (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def planning(self, product_ids: Sequence[str]) -> dict[str, ProductPlanning]:
        rows = await fetch_in(
            self.driver,
            "SELECT product_id, data FROM planning_products WHERE product_id",
            product_ids,
        )
        found = {}
        for product_id, data in rows:
            values = json.loads(data)
            found[product_id] = ProductPlanning(
                wip_limit=values["wip_limit"],
                forecast=forecast_from(values["forecast"]),
                bottlenecks=tuple(bottlenecks_from(values["bottlenecks"])),
                links=links_from(values["links"]),
            )
        return found

    async def iterations_of(self, product_ids: Sequence[str]) -> dict[str, list[IterationRow]]:
        result: dict[str, list[IterationRow]] = {p: [] for p in product_ids}
        rows = await fetch_in(
            self.driver,
            "SELECT product_id, data FROM planning_iterations WHERE product_id",
            product_ids,
            then="ORDER BY number",
        )
        for product_id, data in rows:
            result[product_id].append(iteration_from(data))
        return result

    async def iterations_by_id(self, ids: Sequence[str]) -> dict[str, IterationRow]:
        rows = await fetch_in(
            self.driver, "SELECT data FROM planning_iterations WHERE iteration_id", ids
        )
        found = [iteration_from(r[0]) for r in rows]
        return {row.id: row for row in found}
