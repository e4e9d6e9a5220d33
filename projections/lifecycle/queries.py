"""The lifecycle view's queries, in batches of ids so DataLoaders keep queries flat."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from projections.backlog.queries import ITEM_COLUMNS, to_item
from projections.engine.drivers import Driver, fetch_in
from projections.lifecycle.item_filter import ItemFacts

ITEM_COLUMNS_OF_B = ", ".join(f"b.{column.strip()}" for column in ITEM_COLUMNS.split(","))


@dataclass(frozen=True)
class GoalFacts:
    product_id: str
    version: int
    set_version: int


class LifecycleQueries:
    """Reads the lifecycle view (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def products_of_goals(self, goal_ids: Sequence[str]) -> dict[str, str]:
        rows = await fetch_in(
            self.driver, "SELECT goal_id, product_id FROM backlog_goals WHERE goal_id", goal_ids
        )
        return {r[0]: r[1] for r in rows}

    async def goal_facts(self, goal_ids: Sequence[str]) -> dict[str, GoalFacts]:
        rows = await fetch_in(
            self.driver,
            "SELECT goal_id, product_id, version, set_version FROM lifecycle_goals WHERE goal_id",
            goal_ids,
        )
        return {r[0]: GoalFacts(r[1], r[2], r[3]) for r in rows}

    async def item_extras(self, item_ids: Sequence[str]) -> dict[str, tuple[str | None, list[str]]]:
        """(requested_by, goal ids) by item."""
        rows = await fetch_in(
            self.driver,
            "SELECT item_id, requested_by, goal_ids FROM lifecycle_items WHERE item_id",
            item_ids,
        )
        return {r[0]: (r[1], json.loads(r[2])) for r in rows}

    async def goal_items(self, goal_ids: Sequence[str]) -> dict[str, list[str]]:
        """Linked item ids by goal, in proposal order."""
        result: dict[str, list[str]] = {g: [] for g in goal_ids}
        rows = await fetch_in(
            self.driver,
            "SELECT g.goal_id, g.item_id FROM lifecycle_item_goals g "
            "JOIN lifecycle_items l ON l.item_id = g.item_id WHERE g.goal_id",
            goal_ids,
            then="ORDER BY l.seq",
        )
        for goal_id, item_id in rows:
            result[goal_id].append(item_id)
        return result

    async def item_facts(self, product_id: str) -> list[ItemFacts]:
        """Every item of the product with its rank, proposal order and goals."""
        orders = await self.driver.fetch(
            "SELECT order_ids FROM backlog_products WHERE product_id = ?", (product_id,)
        )
        order = json.loads(orders[0][0]) if orders else []
        rank = {item: i + 1 for i, item in enumerate(order)}
        rows = await self.driver.fetch(
            f"SELECT {ITEM_COLUMNS_OF_B}, b.seq, l.goal_ids FROM backlog_items b "
            "LEFT JOIN lifecycle_items l ON l.item_id = b.item_id WHERE b.product_id = ?",
            (product_id,),
        )
        return [
            ItemFacts(to_item(r[:10], rank.get(r[0])), r[10], tuple(json.loads(r[11] or "[]")))
            for r in rows
        ]
