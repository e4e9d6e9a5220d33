"""The allocation view's writes: each touched product's version and member loads."""

from __future__ import annotations

import json

from domain.product import Product
from projections.allocation.loads import member_loads
from projections.allocation.tables import TABLES
from projections.engine.view import ProductRowsView
from projections.engine.view_store import Tx


class AllocationView(ProductRowsView):
    """Per product and member: capacity, allocated share and the items."""

    name = "allocation"
    tables = TABLES
    version_table = "allocation_products"

    def write_product(self, tx: Tx, product_id: str, product: Product) -> None:
        loads = member_loads(product)
        tx.replace(
            "allocation_loads",
            "product_id",
            [product_id],
            [
                (
                    product_id,
                    load.member_id,
                    seq,
                    load.capacity_percent,
                    load.allocated_percent,
                    json.dumps(load.item_ids),
                )
                for seq, load in enumerate(loads)
            ],
        )
