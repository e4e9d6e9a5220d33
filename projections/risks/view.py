"""The risk view's writes: each touched product's register, rewritten whole (a
register holds tens of entries, and any decision may change an exposure)."""

from __future__ import annotations

import json

from projections.engine.instants import instant
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.risks.render import risk_rows
from projections.risks.tables import TABLES


class RiskView(View):
    """Risks and opportunities per product, with the items they concern."""

    name = "risks"
    tables = TABLES
    version_table = "risk_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            pid = str(product.id)
            tx.upsert("risk_products", [(pid, product.version)], update=("version",))
            rows = risk_rows(product)
            tx.replace(
                "risks",
                "product_id",
                [pid],
                [
                    (
                        r.id,
                        pid,
                        r.number,
                        r.kind,
                        r.title,
                        r.description,
                        r.likelihood,
                        r.impact,
                        r.exposure,
                        r.status,
                        r.raised_by,
                        json.dumps(r.item_ids),
                        r.version,
                        instant(r.raised_at),
                        instant(r.resolved_at) if r.resolved_at else None,
                    )
                    for r in rows
                ],
            )
            tx.replace(
                "risk_items",
                "product_id",
                [pid],
                [(item_id, r.id, pid) for r in rows for item_id in r.item_ids],
            )
