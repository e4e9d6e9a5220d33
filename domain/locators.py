"""Write-side indexes that let a decision find its aggregate from an id alone."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar, Self

from eventsourcing.domain import Aggregate


class ProductLocator(Aggregate):
    """Has the own id of something of a product (an item, an iteration, a position)
    and names that product; saved atomically with the decision that creates it."""

    product_id: str
    located: ClassVar[type[Aggregate.Created]]
    """The event that creates the locator (each kind its own, as stored)."""

    @classmethod
    def locate(cls, located_id: str, *, product_id: str, at: datetime) -> Self:
        return cls._create(
            cls.located, id=uuid.UUID(located_id), product_id=product_id, timestamp=at
        )


class ItemLocated(Aggregate.Created):
    product_id: str


class ItemLocator(ProductLocator):
    """Saved atomically with ItemProposed, so an item id is resolvable the moment the
    proposal is acknowledged, with no dependency on a projection."""

    located = ItemLocated
