"""The technical record's writes: each touched product's architecture decisions and
technical requirements, rewritten whole (tens of rows per product)."""

from __future__ import annotations

import json

from domain.product import Product
from projections.adrs.render import REGISTER, requirements
from projections.adrs.tables import TABLES
from projections.engine.view_store import Tx
from projections.registers import RegisterView


class AdrView(RegisterView):
    """Architecture decisions per product, and the technical requirements of items."""

    name = "adrs"
    tables = TABLES
    version_table = "adr_products"
    register = REGISTER

    def write_product(self, tx: Tx, product_id: str, product: Product) -> None:
        super().write_product(tx, product_id, product)
        found = requirements(product).items()
        rows = [(item_id, product_id, json.dumps(names)) for item_id, names in found]
        tx.replace("technical_requirements", "product_id", [product_id], rows)
