"""The technical record's writes: each touched product's architecture decisions and
technical requirements, rewritten whole (tens of rows per product)."""

from __future__ import annotations

import json

from projections.adrs.render import adr_rows, requirements
from projections.adrs.tables import TABLES
from projections.engine.instants import instant
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx


class AdrView(View):
    """Architecture decisions per product, and the technical requirements of items."""

    name = "adrs"
    tables = TABLES
    version_table = "adr_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            pid = str(product.id)
            tx.upsert("adr_products", [(pid, product.version)], update=("version",))
            rows = adr_rows(product)
            tx.replace(
                "adrs",
                "product_id",
                [pid],
                [
                    (
                        a.id,
                        pid,
                        a.number,
                        a.title,
                        a.context,
                        a.decision,
                        a.consequences,
                        a.status,
                        a.supersedes_id,
                        a.superseded_by_id,
                        a.proposed_by,
                        json.dumps(a.item_ids),
                        a.version,
                        instant(a.decided_at) if a.decided_at else None,
                    )
                    for a in rows
                ],
            )
            tx.replace(
                "adr_items",
                "product_id",
                [pid],
                [(item_id, a.id, pid) for a in rows for item_id in a.item_ids],
            )
            tx.replace(
                "technical_requirements",
                "product_id",
                [pid],
                [(i, pid, json.dumps(found)) for i, found in requirements(product).items()],
            )
