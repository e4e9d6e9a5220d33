"""The Subscription root: decisions as they are recorded, replaying what a client missed.

The stream reads the decisions view, which commits in log order with its tracked
position, so "every decision after the last one sent" has no gap and no duplicate at the
seam between replay and live, and a client that reconnects with afterPosition resumes.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator

import strawberry

from api.graphql.arguments import parse_id
from api.graphql.errors import INTERNAL, ApiError, bad_input
from api.graphql.loaders import Loaders
from api.graphql.types.decisions import Decision
from api.graphql.types.node import Info

log = logging.getLogger("tandem.api")
BATCH = 200


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Each decision recorded on the product, as it is "
        "recorded (graphql-transport-ws). With afterPosition, first every "
        "earlier-recorded decision whose position is greater, in order, "
        "then live ones: a client that reconnects with the last position "
        "it saw misses nothing and receives nothing twice."
    )
    async def decision_recorded(
        self, info: Info, product_id: strawberry.ID, after_position: int | None = None
    ) -> AsyncGenerator[Decision, None]:
        context = info.context
        context.require_viewer()
        product = parse_id(product_id, "productId")
        if after_position is not None and after_position < 0:
            raise bad_input("afterPosition must be 0 or more")
        await context.readable_product(product)
        reader, watch = context.services.reader, context.services.watch
        last = after_position
        if last is None:
            last = (await reader.positions())["decisions"]
        while True:
            event = watch.event
            try:
                rows = await reader.decisions_after(product, last, BATCH)
            except Exception:
                log.exception("subscription on product %s failed", product)
                raise ApiError(
                    INTERNAL,
                    f"the subscription stopped; reconnect with afterPosition {last}",
                    retryable=True,
                ) from None
            for row in rows:
                context.loaders = Loaders(reader)  # each event is read afresh
                yield Decision.from_row(row)
                last = row.position
            if len(rows) < BATCH:
                await watch.changed(event)
