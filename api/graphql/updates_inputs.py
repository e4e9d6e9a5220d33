"""Inputs of the updates area's mutations, exactly as the contract names them."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.graphql.command_inputs import key_field


@strawberry.enum(description="The body a webhook receives.")
class WebhookFormat(Enum):
    TANDEM = "TANDEM"
    SLACK = "SLACK"


@strawberry.input
class PublishUpdateInput:
    product_id: strawberry.ID
    headline: str
    note: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class AddWebhookInput:
    product_id: strawberry.ID
    url: str
    secret: str | None = strawberry.field(
        default=None, description="Signs each TANDEM body; write-only, never returned."
    )
    format: WebhookFormat = WebhookFormat.TANDEM
    types: list[str] = strawberry.field(
        default_factory=list, description="Decision types to deliver; empty means all."
    )
    idempotency_key: str | None = key_field()


@strawberry.input
class WebhookInput:
    webhook_id: strawberry.ID
    idempotency_key: str | None = key_field()


@strawberry.input
class RedeliverInput:
    webhook_id: strawberry.ID
    from_position: int
