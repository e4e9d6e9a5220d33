"""Webhooks and their deliveries, as the webhooks follower shows them. Neither the
secret nor the URL's query string is ever part of an answer."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.arguments import check_first
from api.graphql.types.node import Info, Node, filled
from api.graphql.updates_inputs import WebhookFormat
from projections.webhooks.rows import DeliveryRow, DeliveryStatus, WebhookRow

# The view's own enum is the schema's (its values are the rows').
strawberry.enum(DeliveryStatus, description=DeliveryStatus.__doc__)


@strawberry.type(description="One decision owed to one webhook, and its attempts so far.")
class WebhookDelivery:
    delivery_id: str = strawberry.field(
        description="X-Tandem-Delivery: the same for every attempt of this decision to this "
        "webhook, across restarts and redeliveries."
    )
    position: int = strawberry.field(description="The decision's position in the log.")
    status: DeliveryStatus
    attempts: int = strawberry.field(description="Attempts made in the current round.")
    last_response_status: int | None = strawberry.field(
        description="The HTTP status of the last attempt; null when it got no answer."
    )
    last_attempt_at: datetime | None = strawberry.field(description="Null before the first.")

    @classmethod
    def from_row(cls, row: DeliveryRow) -> WebhookDelivery:
        return filled(cls, row, status=DeliveryStatus(row.status))


@strawberry.type(description="A URL that hears about the product's decisions as they happen.")
class Webhook(Node):
    url: str = strawberry.field(description="Scheme, host and path; the query string is not shown.")
    format: WebhookFormat = strawberry.field(description="TANDEM (signed JSON) or SLACK.")
    types: list[str] = strawberry.field(description="Decision types delivered; empty: all.")
    active: bool = strawberry.field(description="False once removed: nothing more is sent.")

    @strawberry.field(description="Deliveries, newest first; every status when not given.")
    async def deliveries(
        self, info: Info, status: list[DeliveryStatus] | None = None, first: int | None = 50
    ) -> list[WebhookDelivery]:
        info.context.uncacheable()  # the sender records deliveries, not the log
        statuses = [s.value for s in status] if status is not None else None
        rows = await info.context.services.reader.deliveries(
            str(self.id), statuses, check_first(50 if first is None else first)
        )
        return [WebhookDelivery.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, row: WebhookRow) -> Webhook:
        return filled(cls, row, format=WebhookFormat(row.format), types=list(row.types))
