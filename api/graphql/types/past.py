"""The product as it stood at an instant, for the fields read asOf it: rebuilt by time
travel (projections/time_travel) through the same fold as the live views."""

from __future__ import annotations

from datetime import datetime

import anyio.to_thread

from api.graphql.types.node import Info
from domain.product import Product


async def past_product(info: Info, product_id: str, at: datetime) -> Product | None:
    """None before the product existed."""
    travel = info.context.services.time_travel
    return await anyio.to_thread.run_sync(travel.product_at, product_id, at)
