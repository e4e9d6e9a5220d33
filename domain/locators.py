"""Write-side indexes that let a decision find its aggregate from an id alone."""

from __future__ import annotations

import uuid
from datetime import datetime

from eventsourcing.domain import Aggregate


class ItemLocated(Aggregate.Created):
    product_id: str


class ItemLocator(Aggregate):
    """Has the item's own id and names the product the item belongs to. Saved
    atomically with ItemProposed, so an item id is resolvable the moment the
    proposal is acknowledged, with no dependency on a projection."""

    def __init__(self, product_id: str) -> None:
        self.product_id = product_id

    @classmethod
    def locate(cls, *, item_id: str, product_id: str, at: datetime) -> ItemLocator:
        return cls._create(ItemLocated, id=uuid.UUID(item_id), product_id=product_id, timestamp=at)
