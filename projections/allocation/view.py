"""The allocation view's writes: each touched product's version and member loads."""

from __future__ import annotations

import json

from projections.allocation.loads import member_loads
from projections.allocation.tables import TABLES
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx


class AllocationView(View):
    """Per product and member: capacity, allocated share and the items."""

    name = "allocation"
    tables = TABLES
    version_table = "allocation_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            pid = str(product.id)
            self.write_version(tx, pid, product.version)
            tx.replace(
                "allocation_loads",
                "product_id",
                [pid],
                [
                    (
                        pid,
                        load.member_id,
                        seq,
                        load.capacity_percent,
                        load.allocated_percent,
                        json.dumps(load.item_ids),
                    )
                    for seq, load in enumerate(member_loads(product))
                ],
            )
