"""The risk view's writes: each touched product's register, rewritten whole (a
register holds tens of entries, and any decision may change an exposure)."""

from __future__ import annotations

from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.risks.render import REGISTER, risk_rows
from projections.risks.tables import TABLES


class RiskView(View):
    """Risks and opportunities per product, with the items they concern."""

    name = "risks"
    tables = TABLES
    version_table = "risk_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            pid = str(product.id)
            self.write_version(tx, pid, product.version)
            REGISTER.rewrite(tx, pid, risk_rows(product))
