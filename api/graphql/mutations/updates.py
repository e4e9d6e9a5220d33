"""The updates area's decisions: stakeholder updates and webhooks."""

from __future__ import annotations

import strawberry

from api.graphql.publish_update import publish_update as _publish_update


@strawberry.type
class UpdatesMutations:
    """Telling stakeholders and other systems what was decided."""

    publish_update = strawberry.mutation(
        resolver=_publish_update,
        description="PRODUCT_OWNER only. Composes the report over (previous update's `to`, "
        "now] from the views and publishes it; stored exactly as published.",
    )
