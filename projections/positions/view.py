"""The positions view's writes: each touched product's positions."""

from __future__ import annotations

from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.positions.fold import position_rows
from projections.positions.tables import TABLES


class PositionsView(View):
    """Per product: its positions, with status and who filled them."""

    name = "positions"
    tables = TABLES
    version_table = "positions_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            pid = str(product.id)
            self.write_version(tx, pid, product.version)
            tx.replace(
                "positions",
                "product_id",
                [pid],
                [
                    (r.id, pid, seq, r.title, r.description, r.status, r.filled_by, r.version)
                    for seq, r in enumerate(position_rows(product))
                ],
            )
