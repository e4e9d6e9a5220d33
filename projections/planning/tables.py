"""The planning view's tables: per product, its version and its planning rows (forecast,
bottlenecks, item links) as JSON; per iteration, its row as JSON with its keys."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS planning_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS planning_iterations (
        iteration_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, number INTEGER NOT NULL,
        data TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS planning_iterations_product ON planning_iterations "
    "(product_id, number)",
)
