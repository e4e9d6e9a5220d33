"""The risk view's writes: each touched product's register, rewritten whole (a
register holds tens of entries, and any decision may change an exposure)."""

from __future__ import annotations

from domain.product import Product
from projections.engine.view import ProductRowsView
from projections.engine.view_store import Tx
from projections.risks.render import REGISTER, risk_rows
from projections.risks.tables import TABLES


class RiskView(ProductRowsView):
    """Risks and opportunities per product, with the items they concern."""

    name = "risks"
    tables = TABLES
    version_table = "risk_products"

    def write_product(self, tx: Tx, product_id: str, product: Product) -> None:
        REGISTER.rewrite(tx, product_id, risk_rows(product))
