"""The planning view's writes: each touched product's planning rows and iterations."""

from __future__ import annotations

from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.planning.codec import iteration_json, product_json
from projections.planning.fold import planning_rows
from projections.planning.tables import TABLES


class PlanningView(View):
    """Per product: iterations, the forecast, the bottlenecks and the item links."""

    name = "planning"
    tables = TABLES
    version_table = "planning_products"

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            rows = planning_rows(product)
            tx.upsert(
                "planning_products",
                [(rows.product_id, rows.version, product_json(rows))],
                update=("version", "data"),
            )
            iterations = [
                (r.id, r.product_id, r.number, iteration_json(r)) for r in rows.iterations
            ]
            # Each iteration's data as last written (View.written): a decision rewrites only
            # the iterations it changed (a product of a year's iterations has dozens).
            changed = [row for row in iterations if self.written.get(row[0]) != row[3]]
            tx.upsert("planning_iterations", changed, update=("data",))
            self.written.update((row[0], row[3]) for row in changed)
