"""The lifecycle view's writes: goal versions (and the version of the decision that
set each goal, for Goal.history), and each touched item's requester and goals."""

from __future__ import annotations

import json
from typing import Any

from domain.product import Product
from domain.product_events import GoalSet
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.lifecycle.tables import TABLES


class LifecycleView(View):
    """Goal versions and links, item requesters."""

    name = "lifecycle"
    tables = TABLES
    version_table = "lifecycle_products"

    def new_batch(self) -> None:
        super().new_batch()
        self.goals_set: dict[str, int] = {}

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        if isinstance(event, GoalSet):
            self.goals_set[event.goal_id] = event.originator_version

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            self.write_product(tx, product, touched.items.get(str(product.id), set()))

    def write_product(self, tx: Tx, product: Product, items: set[str]) -> None:
        pid = str(product.id)
        self.write_version(tx, pid, product.version)
        tx.upsert(
            "lifecycle_goals",
            [(g.id, pid, g.version, self.goals_set.get(g.id, 0)) for g in product.goals],
            update=("version",),
        )
        touched = [
            (seq, item) for seq, item in enumerate(product.items.values()) if item.id in items
        ]
        tx.upsert(
            "lifecycle_items",
            [
                (item.id, pid, seq, item.requested_by, json.dumps(item.goal_ids))
                for seq, item in touched
            ],
            update=("requested_by", "goal_ids"),
        )
        tx.replace(
            "lifecycle_item_goals",
            "item_id",
            [item.id for _, item in touched],
            [(goal_id, item.id, pid) for _, item in touched for goal_id in item.goal_ids],
        )
