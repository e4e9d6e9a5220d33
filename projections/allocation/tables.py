"""The allocation view's tables: each product's version and its members' loads."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS allocation_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS allocation_loads (
        product_id TEXT NOT NULL, member_id TEXT NOT NULL, seq INTEGER NOT NULL,
        capacity_percent INTEGER NOT NULL, allocated_percent INTEGER NOT NULL,
        item_ids TEXT NOT NULL, PRIMARY KEY (product_id, member_id))""",
)
