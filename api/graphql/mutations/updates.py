"""The updates area's decisions: stakeholder updates and webhooks."""

from __future__ import annotations

import strawberry

from api.graphql import webhook_mutations as w
from api.graphql.publish_update import publish_update as _publish_update


@strawberry.type
class UpdatesMutations:
    """Telling stakeholders and other systems what was decided."""

    publish_update = strawberry.mutation(
        resolver=_publish_update,
        description="PRODUCT_OWNER only. Composes the report over (previous update's `to`, "
        "now] from the views and publishes it; stored exactly as published.",
    )
    add_webhook = strawberry.mutation(
        resolver=w.add_webhook,
        description="Administrator or PRODUCT_OWNER. Registers an http(s) URL for the product's "
        "decisions (all types, or those listed); the secret is write-only. Loopback, private, "
        "link-local and metadata addresses are BAD_USER_INPUT.",
    )
    remove_webhook = strawberry.mutation(
        resolver=w.remove_webhook,
        description="Administrator or PRODUCT_OWNER. Nothing more is sent to the webhook.",
    )
    redeliver = strawberry.mutation(
        resolver=w.redeliver,
        description="Administrator or PRODUCT_OWNER. Sends again, in order, every delivery of "
        "the webhook from fromPosition (inclusive), with the same delivery ids; records no "
        "decision.",
    )
