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


class BacklogView(View):
    """Products, memberships, goals and items, with the backlog order."""

    name = "backlog"
    tables = TABLES
    version_table = "backlog_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.executemany(
            "INSERT INTO backlog_members (member_id, name) VALUES (?, ?) "
            "ON CONFLICT (member_id) DO UPDATE SET name = excluded.name",
            list(touched.members.items()),
        )
        for product in touched.products.values():
            self.write_product(tx, product, touched.items.get(str(product.id), set()))

    @staticmethod
    def write_product(tx: Tx, product: Product, items: set[str]) -> None:
        pid = str(product.id)
        row = render.product_row(product)
        tx.execute(
            "INSERT INTO backlog_products VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) "
            "DO UPDATE SET name = excluded.name, vision = excluded.vision, "
            "backlog_version = excluded.backlog_version, version = excluded.version, "
            "order_ids = excluded.order_ids",
            (
                pid,
                row.name,
                row.vision,
                row.backlog_version,
                row.version,
                json.dumps(product.order),
            ),
        )
        tx.execute("DELETE FROM backlog_memberships WHERE product_id = ?", (pid,))
        tx.executemany(
            "INSERT INTO backlog_memberships VALUES (?, ?, ?)",
            [(m.product_id, m.member_id, m.role) for m in render.membership_rows(product)],
        )
        tx.executemany(
            "INSERT INTO backlog_goals VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (goal_id) "
            "DO UPDATE SET title = excluded.title, metric = excluded.metric, "
            "target_date = excluded.target_date, status = excluded.status",
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
        )
        tx.executemany(
            "INSERT INTO backlog_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (item_id) DO UPDATE SET description = excluded.description, "
            "title = excluded.title, kind = excluded.kind, "
            "status = excluded.status, estimate = excluded.estimate, "
            "criteria = excluded.criteria, version = excluded.version, "
            "assignments = excluded.assignments",
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
        )
