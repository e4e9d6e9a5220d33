"""The rows the webhooks follower serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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


class DeliveryStatus(StrEnum):
    """Where a delivery stands."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


@dataclass(frozen=True)
class DeliveryRow:
    delivery_id: str
    webhook_id: str
    position: int
    status: str
    attempts: int
    last_response_status: int | None
    last_attempt_at: datetime | None
