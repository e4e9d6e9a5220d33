"""Tables of the three views. Written for both SQLite and PostgreSQL: ids, JSON and
instants are TEXT (instants in one fixed-width UTC format, so they sort as text)."""

from __future__ import annotations

BACKLOG = [
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
]

ALLOCATION = [
    """CREATE TABLE IF NOT EXISTS allocation_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS allocation_loads (
        product_id TEXT NOT NULL, member_id TEXT NOT NULL, seq INTEGER NOT NULL,
        capacity_percent INTEGER NOT NULL, allocated_percent INTEGER NOT NULL,
        item_ids TEXT NOT NULL, PRIMARY KEY (product_id, member_id))""",
]

DECISIONS = [
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
]

STATUS = [
    """CREATE TABLE IF NOT EXISTS projection_faults (
        view TEXT PRIMARY KEY, position BIGINT NOT NULL, error TEXT NOT NULL, at TEXT NOT NULL)""",
]

BY_VIEW = {"backlog": BACKLOG, "allocation": ALLOCATION, "decisions": DECISIONS}
"""Each view's own tables; a rebuild creates them under a suffix, then swaps them in."""
