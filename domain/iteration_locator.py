"""Write-side index from an iteration's id to its product, like ItemLocator for items:
saved atomically with IterationPlanned, so the id resolves the moment it is answered."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.planning_events import IterationPlanned


class IterationLocated(Aggregate.Created):
    product_id: str


class IterationLocator(Aggregate):
    """Has the iteration's own id and names the product it belongs to."""

    def __init__(self, product_id: str) -> None:
        self.product_id = product_id

    @classmethod
    def locate(cls, *, iteration_id: str, product_id: str, at: datetime) -> IterationLocator:
        return cls._create(
            IterationLocated, id=uuid.UUID(iteration_id), product_id=product_id, timestamp=at
        )


def iteration_locators(pending: Sequence[Any], product_id: str) -> list[IterationLocator]:
    """A locator for every iteration the pending events plan."""
    return [
        IterationLocator.locate(iteration_id=e.iteration_id, product_id=product_id, at=e.timestamp)
        for e in pending
        if isinstance(e, IterationPlanned)
    ]
