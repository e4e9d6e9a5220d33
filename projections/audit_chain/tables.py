"""The chain's tables: one link per chained decision, and when the chain began."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS audit_chain (
        position BIGINT PRIMARY KEY, product_id TEXT NOT NULL, version INTEGER NOT NULL,
        previous_hash TEXT, hash TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS audit_chain_product ON audit_chain (product_id, position)",
    """CREATE TABLE IF NOT EXISTS audit_genesis (
        singleton INTEGER PRIMARY KEY, chained_at TEXT NOT NULL, log_head BIGINT NOT NULL)""",
)
"""`audit_genesis` says when the chain follower first ran and how far the log went
then: decisions up to `log_head` were recorded before the chain existed and were
chained at `chained_at` (README, "Audit chain")."""
