"""The rows the webhooks follower serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class WebhookRow:
    id: str
    product_id: str
    version: int
    added_position: int
    url: str
    format: str
    types: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class DeliveryRow:
    delivery_id: str
    webhook_id: str
    position: int
    status: str
    attempts: int
    last_response_status: int | None
    last_attempt_at: datetime | None
