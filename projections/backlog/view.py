"""The backlog view's writes: products, members, memberships, goals and the
touched items, upserted from the rows backlog.render folds a product into."""

from __future__ import annotations

import json

from domain.product import Product
from projections.backlog import render
from projections.backlog.tables import TABLES
from projections.engine.instants import instant
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx

ITEM_CHANGES: tuple[str, ...] = ("description", "title", "kind", "status", "estimate")
ITEM_CHANGES += ("criteria", "version", "assignments")
"""What a decision may change of an item's row (its product and place stay)."""


class BacklogView(View):
    """Products, memberships, goals and items, with the backlog order."""

    name = "backlog"
    tables = TABLES
    version_table = "backlog_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.upsert("backlog_members", touched.members.items(), update=("name",))
        for product in touched.products.values():
            self.write_product(tx, product, touched.items.get(str(product.id), set()))

    @staticmethod
    def write_product(tx: Tx, product: Product, items: set[str]) -> None:
        pid = str(product.id)
        row = render.product_row(product)
        tx.upsert(
            "backlog_products",
            [
                (
                    pid,
                    row.name,
                    row.vision,
                    row.backlog_version,
                    row.version,
                    json.dumps(product.order),
                )
            ],
            update=("name", "vision", "backlog_version", "version", "order_ids"),
        )
        tx.replace(
            "backlog_memberships",
            "product_id",
            [pid],
            [(m.product_id, m.member_id, m.role) for m in render.membership_rows(product)],
        )
        tx.upsert(
            "backlog_goals",
            [
                (
                    g.id,
                    pid,
                    seq,
                    g.title,
                    g.metric,
                    instant(g.target_date) if g.target_date else None,
                    g.status,
                )
                for seq, g in enumerate(render.goal_rows(product))
            ],
            update=("title", "metric", "target_date", "status"),
        )
        tx.upsert(
            "backlog_items",
            [
                (
                    item.id,
                    pid,
                    seq,
                    item.title,
                    item.description,
                    item.kind.value,
                    item.status.value,
                    item.estimate,
                    json.dumps(item.acceptance_criteria),
                    item.version,
                    json.dumps(item.assignments),
                )
                for seq, item in enumerate(product.items.values())
                if item.id in items
            ],
            update=ITEM_CHANGES,
        )
