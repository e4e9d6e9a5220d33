"""The technical record's tables (SQLite and PostgreSQL alike)."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS adr_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS adrs (
        adr_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, number INTEGER NOT NULL,
        title TEXT NOT NULL, context TEXT NOT NULL, decision TEXT NOT NULL,
        consequences TEXT NOT NULL, status TEXT NOT NULL, supersedes_id TEXT,
        superseded_by_id TEXT, proposed_by TEXT, item_ids TEXT NOT NULL,
        version INTEGER NOT NULL, decided_at TEXT)""",
    "CREATE INDEX IF NOT EXISTS adrs_product ON adrs (product_id, number)",
    """CREATE TABLE IF NOT EXISTS adr_items (
        item_id TEXT NOT NULL, adr_id TEXT NOT NULL, product_id TEXT NOT NULL,
        PRIMARY KEY (item_id, adr_id))""",
    "CREATE INDEX IF NOT EXISTS adr_items_product ON adr_items (product_id)",
    """CREATE TABLE IF NOT EXISTS technical_requirements (
        item_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, requirements TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS technical_requirements_product "
    "ON technical_requirements (product_id)",
)
