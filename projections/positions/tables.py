"""The positions view's tables: each product's version and its positions."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS positions_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS positions (
        position_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, seq INTEGER NOT NULL,
        title TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL,
        filled_by TEXT, version INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS positions_product ON positions (product_id, seq)",
)
