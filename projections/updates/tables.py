"""The updates view's tables: one row per published update, and each product's version."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS stakeholder_updates (
        update_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, version INTEGER NOT NULL,
        position BIGINT NOT NULL, number INTEGER NOT NULL, headline TEXT NOT NULL,
        note TEXT, author_id TEXT, window_from TEXT NOT NULL, window_to TEXT NOT NULL,
        markdown TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS stakeholder_updates_product "
    "ON stakeholder_updates (product_id, number)",
    """CREATE TABLE IF NOT EXISTS updates_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
)
