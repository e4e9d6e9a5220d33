"""What the lifecycle adds to Goal: its version, linked items and history, live or as
the goal stood at an instant (a Goal read inside Product.asOf)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.types.decisions import Decision
from api.graphql.types.items import BacklogItem
from api.graphql.types.lifecycle_loaders import lifecycle_loaders
from api.graphql.types.node import Info, NodeFields
from api.graphql.types.past import past_product
from projections.backlog import render
from projections.rows import ItemRow


@strawberry.type
class GoalLifecycleFields(NodeFields):
    """Mixed into Goal (api/graphql/types/product.py)."""

    at: strawberry.Private[datetime | None] = None
    """Set when the goal is read as it stood at an instant."""

    async def _product_id(self, info: Info) -> str | None:
        facts = await lifecycle_loaders(info).goal_facts.load(str(self.id))
        return facts.product_id if facts else None

    @strawberry.field(description="Number of decisions about this goal (GoalSet counts as 1).")
    async def version(self, info: Info) -> int:
        facts = await lifecycle_loaders(info).goal_facts.load(str(self.id))
        if facts is None:
            return 1
        if self.at is None:
            return facts.version
        past = await past_product(info, facts.product_id, self.at)
        goal = next((g for g in past.goals if g.id == str(self.id)), None) if past else None
        return goal.version if goal else 1

    @strawberry.field(
        description="Items linked to this goal (setItemGoals), in backlog rank order; "
        "unranked last, most recently proposed first."
    )
    async def items(self, info: Info) -> list[BacklogItem]:
        goal_id = str(self.id)
        if self.at is not None:
            product_id = await self._product_id(info)
            past = await past_product(info, product_id, self.at) if product_id else None
            if past is None:
                return []
            ids = [i for i, item in past.items.items() if goal_id in item.goal_ids]
            rows = render.backlog_rows(past, None, ids)
            return [BacklogItem.from_row(r, self.at) for r in ranked(rows, ids)]
        ids = await lifecycle_loaders(info).goal_items.load(goal_id)
        found = [r for r in await info.context.loaders.items.load_many(ids) if r is not None]
        return [BacklogItem.from_row(r) for r in ranked(found, ids)]

    @strawberry.field(
        description="Every decision about this goal, oldest first (GoalSet included)."
    )
    async def history(self, info: Info) -> list[Decision]:
        goal_id = str(self.id)
        facts = await lifecycle_loaders(info).goal_facts.load(goal_id)
        rows = list(await info.context.loaders.history.load(goal_id))
        if facts is not None and facts.set_version:
            reader = info.context.services.reader
            first = await reader.decision_at(facts.product_id, facts.set_version)
            rows = ([first] if first else []) + rows
        if self.at is not None:
            at = self.at
            rows = [r for r in rows if r.at <= at]
        return [Decision.from_row(r) for r in rows]


def ranked(rows: list[ItemRow], ids: list[str]) -> list[ItemRow]:
    """Ranked rows by rank, then unranked ones, most recently proposed first."""
    seq = {item_id: n for n, item_id in enumerate(ids)}
    with_rank = sorted((r for r in rows if r.rank is not None), key=lambda r: r.rank or 0)
    without = sorted((r for r in rows if r.rank is None), key=lambda r: -seq.get(r.id, 0))
    return with_rank + without
