"""What /metrics reports about webhooks, read from the outbox at scrape time:
deliveries by outcome, and each active webhook's lag (its oldest undelivered decision)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from projections.engine.view_store import ViewStore


@dataclass(frozen=True)
class WebhookLag:
    webhook_id: str
    pending: int
    seconds: float
    """Since the oldest PENDING delivery's decision was recorded; 0 when none is."""


def outcomes(store: ViewStore) -> dict[str, int]:
    with store.transaction() as tx:
        rows = tx.fetchall("SELECT status, COUNT(*) FROM webhook_deliveries GROUP BY status")
    return {str(status): int(count) for status, count in rows}


def lags(store: ViewStore) -> list[WebhookLag]:
    now = datetime.now(UTC)
    with store.transaction() as tx:
        rows = tx.fetchall(
            "SELECT w.webhook_id, COUNT(d.delivery_id), MIN(d.decided_at) FROM webhooks w "
            "LEFT JOIN webhook_deliveries d ON d.webhook_id = w.webhook_id "
            "AND d.status = 'PENDING' WHERE w.active = 1 GROUP BY w.webhook_id"
        )
    return [
        WebhookLag(
            str(r[0]),
            int(r[1]),
            (now - datetime.fromisoformat(r[2])).total_seconds() if r[2] else 0.0,
        )
        for r in rows
    ]
