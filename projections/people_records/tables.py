"""The people records view's table (one row per record, by log position)."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS people_records (
        record_id TEXT PRIMARY KEY, position BIGINT NOT NULL, product_id TEXT NOT NULL,
        member_id TEXT NOT NULL, author_id TEXT, kind TEXT NOT NULL, at TEXT NOT NULL,
        title TEXT, body TEXT)""",
    "CREATE INDEX IF NOT EXISTS people_records_product ON people_records (product_id, position)",
)
