"""The decisions view's tables: one row per decision, each product's clock, and
members' names for the summaries. Instants are TEXT in one fixed-width UTC format,
so they sort as text."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS decisions (
        position BIGINT PRIMARY KEY, decision_id TEXT NOT NULL UNIQUE,
        product_id TEXT NOT NULL, version INTEGER NOT NULL, at TEXT NOT NULL,
        actor_id TEXT, role TEXT, type TEXT NOT NULL, subject_id TEXT NOT NULL,
        rationale TEXT, summary TEXT NOT NULL, changes TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS decisions_product ON decisions (product_id, position)",
    "CREATE INDEX IF NOT EXISTS decisions_product_at ON decisions (product_id, at)",
    "CREATE INDEX IF NOT EXISTS decisions_subject ON decisions (subject_id, position)",
    """CREATE TABLE IF NOT EXISTS decisions_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL, last_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS decisions_members (
        member_id TEXT PRIMARY KEY, name TEXT NOT NULL)""",
)
