"""The backlog view's tables: products, members, memberships, goals and items.
Written for SQLite and PostgreSQL alike: ids, JSON and instants are TEXT (instants
in one fixed-width UTC format, so they sort as text)."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS backlog_products (
        product_id TEXT PRIMARY KEY, name TEXT NOT NULL, vision TEXT NOT NULL,
        backlog_version INTEGER NOT NULL, version INTEGER NOT NULL, order_ids TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS backlog_members (
        member_id TEXT PRIMARY KEY, name TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS backlog_memberships (
        product_id TEXT NOT NULL, member_id TEXT NOT NULL, role TEXT NOT NULL,
        PRIMARY KEY (product_id, member_id, role))""",
    "CREATE INDEX IF NOT EXISTS backlog_memberships_member ON backlog_memberships (member_id)",
    """CREATE TABLE IF NOT EXISTS backlog_goals (
        goal_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, seq INTEGER NOT NULL,
        title TEXT NOT NULL, metric TEXT, target_date TEXT, status TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS backlog_goals_product ON backlog_goals (product_id, seq)",
    """CREATE TABLE IF NOT EXISTS backlog_items (
        item_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, seq INTEGER NOT NULL,
        title TEXT NOT NULL, description TEXT NOT NULL, kind TEXT NOT NULL,
        status TEXT NOT NULL, estimate DOUBLE PRECISION, criteria TEXT NOT NULL,
        version INTEGER NOT NULL, assignments TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS backlog_items_product ON backlog_items (product_id, status, seq)",
)
