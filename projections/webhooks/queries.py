"""Reads the webhooks and their deliveries (one part of projections.reader.ViewReader)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from projections.engine.drivers import Driver, marks
from projections.webhooks.rows import DeliveryRow, WebhookRow

WEBHOOK_COLUMNS = "webhook_id, product_id, version, added_position, url, format, types, active"
DELIVERY_COLUMNS = (
    "delivery_id, webhook_id, position, status, attempts, last_response_status, last_attempt_at"
)


def to_webhook(r: Any) -> WebhookRow:
    return WebhookRow(
        r[0], r[1], int(r[2]), int(r[3]), r[4], r[5], tuple(json.loads(r[6])), bool(r[7])
    )


def to_delivery(r: Any) -> DeliveryRow:
    at = datetime.fromisoformat(r[6]) if r[6] else None
    status = None if r[5] is None else int(r[5])
    return DeliveryRow(r[0], r[1], int(r[2]), r[3], int(r[4]), status, at)


class WebhookQueries:
    """Webhooks by product, and each one's deliveries."""

    driver: Driver

    async def webhooks(self, product_id: str) -> list[WebhookRow]:
        rows = await self.driver.fetch(
            f"SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE product_id = ? ORDER BY added_position",
            (product_id,),
        )
        return [to_webhook(r) for r in rows]

    async def webhook(self, webhook_id: str) -> WebhookRow | None:
        rows = await self.driver.fetch(
            f"SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE webhook_id = ?", (webhook_id,)
        )
        return to_webhook(rows[0]) if rows else None

    async def webhook_at(self, product_id: str, version: int) -> WebhookRow | None:
        """The webhook the product's decision at `version` added."""
        rows = await self.driver.fetch(
            f"SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE product_id = ? AND version = ?",
            (product_id, version),
        )
        return to_webhook(rows[0]) if rows else None

    async def deliveries(
        self, webhook_id: str, statuses: Sequence[str] | None, first: int
    ) -> list[DeliveryRow]:
        """Newest first."""
        condition, params = "webhook_id = ?", [webhook_id]
        if statuses is not None:
            if not statuses:
                return []
            condition += f" AND status IN ({marks(list(statuses))})"
            params += list(statuses)
        rows = await self.driver.fetch(
            f"SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE {condition} "
            "ORDER BY position DESC LIMIT ?",
            (*params, first),
        )
        return [to_delivery(r) for r in rows]
