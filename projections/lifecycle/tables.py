"""The lifecycle view's tables, for SQLite and PostgreSQL alike (ids and JSON as TEXT)."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS lifecycle_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS lifecycle_goals (
        goal_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, version INTEGER NOT NULL,
        set_version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS lifecycle_items (
        item_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, seq INTEGER NOT NULL,
        requested_by TEXT, goal_ids TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS lifecycle_items_product ON lifecycle_items (product_id, seq)",
    """CREATE TABLE IF NOT EXISTS lifecycle_item_goals (
        goal_id TEXT NOT NULL, item_id TEXT NOT NULL, product_id TEXT NOT NULL,
        PRIMARY KEY (goal_id, item_id))""",
    "CREATE INDEX IF NOT EXISTS lifecycle_item_goals_item ON lifecycle_item_goals (item_id)",
)
