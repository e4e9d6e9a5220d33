"""The webhooks follower's tables. `webhooks` is a view (rebuilt from the log); the
outbox tables are not: a rebuild must not send every decision again, so deliveries
are keyed by (webhook, position) and a rebuild's inserts find them there already."""

from __future__ import annotations

TABLES = (
    """CREATE TABLE IF NOT EXISTS webhooks (
        webhook_id TEXT PRIMARY KEY, product_id TEXT NOT NULL, version INTEGER NOT NULL,
        added_position BIGINT NOT NULL, url TEXT NOT NULL, format TEXT NOT NULL,
        types TEXT NOT NULL, active INTEGER NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS webhooks_product ON webhooks (product_id, added_position)",
    """CREATE TABLE IF NOT EXISTS webhooks_products (
        product_id TEXT PRIMARY KEY, version INTEGER NOT NULL)""",
)

OUTBOX = (
    """CREATE TABLE IF NOT EXISTS webhook_deliveries (
        delivery_id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, position BIGINT NOT NULL,
        decided_at TEXT NOT NULL, body TEXT NOT NULL, summary TEXT NOT NULL,
        status TEXT NOT NULL, attempts INTEGER NOT NULL, round INTEGER NOT NULL,
        last_response_status INTEGER, last_attempt_at TEXT, next_attempt_at TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS webhook_deliveries_order "
    "ON webhook_deliveries (webhook_id, status, position)",
    """CREATE TABLE IF NOT EXISTS webhook_names (
        member_id TEXT PRIMARY KEY, name TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS webhook_secrets (
        webhook_id TEXT PRIMARY KEY, sealed TEXT NOT NULL)""",
)
"""Deliveries and the webhooks' sealed URL and secret (never in the event log)."""
