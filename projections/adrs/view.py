"""The technical record's writes: each touched product's architecture decisions and
technical requirements, rewritten whole (tens of rows per product)."""

from __future__ import annotations

import json

from projections.adrs.render import REGISTER, adr_rows, requirements
from projections.adrs.tables import TABLES
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
            self.write_version(tx, pid, product.version)
            REGISTER.rewrite(tx, pid, adr_rows(product))
            tx.replace(
                "technical_requirements",
                "product_id",
                [pid],
                [(i, pid, json.dumps(found)) for i, found in requirements(product).items()],
            )
