"""The risk view's tables (SQLite and PostgreSQL alike; instants as fixed-width text)."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS risk_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS risks (
        risk_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, number INTEGER NOT NULL,
        kind TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
        likelihood INTEGER NOT NULL, impact INTEGER NOT NULL, exposure INTEGER NOT NULL,
        status TEXT NOT NULL, raised_by TEXT, item_ids TEXT NOT NULL,
        version INTEGER NOT NULL, raised_at TEXT NOT NULL, resolved_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS risks_product ON risks (product_id, exposure, number)",
    """CREATE TABLE IF NOT EXISTS risk_items (
        item_id TEXT NOT NULL, risk_id TEXT NOT NULL, product_id TEXT NOT NULL,
        PRIMARY KEY (item_id, risk_id))""",
    "CREATE INDEX IF NOT EXISTS risk_items_product ON risk_items (product_id)",
)
