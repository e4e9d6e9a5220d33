"""The positions view's writes: each touched product's positions."""

from __future__ import annotations

from domain.product import Product
from projections.engine.view import ProductRowsView
from projections.engine.view_store import Tx
from projections.positions.fold import position_rows
from projections.positions.tables import TABLES


class PositionsView(ProductRowsView):
    """Per product: its positions, with status and who filled them."""

    name = "positions"
    tables = TABLES
    version_table = "positions_products"

    def write_product(self, tx: Tx, product_id: str, product: Product) -> None:
        rows = [
            (r.id, product_id, seq, r.title, r.description, r.status, r.filled_by, r.version)
            for seq, r in enumerate(position_rows(product))
        ]
        tx.replace("positions", "product_id", [product_id], rows)
