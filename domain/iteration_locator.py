"""Write-side index from an iteration's id to its product, like ItemLocator for items:
saved atomically with IterationPlanned, so the id resolves the moment it is answered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.domain import Aggregate

from domain.locators import ProductLocator
from domain.planning_events import IterationPlanned


class IterationLocated(Aggregate.Created):
    product_id: str


class IterationLocator(ProductLocator):
    """Has the iteration's own id and names the product it belongs to."""

    located = IterationLocated


def iteration_locators(pending: Sequence[Any], product_id: str) -> list[IterationLocator]:
    """A locator for every iteration the pending events plan."""
    return [
        IterationLocator.locate(e.iteration_id, product_id=product_id, at=e.timestamp)
        for e in pending
        if isinstance(e, IterationPlanned)
    ]
