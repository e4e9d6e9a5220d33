"""The planning view's loaders, one set per request (kept on the request's Loaders, so
Context.refresh() after a mutation drops them with the rest), and the planning state of
a product as it stood at an instant, through time travel and the same fold."""

from __future__ import annotations

from datetime import datetime

import anyio.to_thread
from strawberry.dataloader import DataLoader

from api.graphql.loaders import batch
from api.graphql.types.node import Info
from domain.product import Product
from projections.planning.fold import planning_rows
from projections.planning.queries import ProductPlanning
from projections.planning.rows import IterationRow
from projections.reader import ViewReader

Past = tuple[Product | None, ProductPlanning, list[IterationRow]]
"""A product at an instant, its planning rows and iterations then."""


class PlanningLoaders:
    def __init__(self, reader: ViewReader) -> None:
        none: list[IterationRow] = []
        self.planning: DataLoader[str, ProductPlanning] = DataLoader(
            batch(reader.planning, ProductPlanning())
        )
        self.iterations: DataLoader[str, list[IterationRow]] = DataLoader(
            batch(reader.iterations_of, none)
        )
        self.iteration: DataLoader[str, IterationRow | None] = DataLoader(
            batch(reader.iterations_by_id, None)
        )
        self.past: dict[
            tuple[str, datetime], tuple[Product | None, ProductPlanning, list[IterationRow]]
        ] = {}


def planning_loaders(info: Info) -> PlanningLoaders:
    loaders = info.context.loaders
    found = getattr(loaders, "planning_loaders", None)
    if not isinstance(found, PlanningLoaders):
        found = PlanningLoaders(info.context.services.reader)
        loaders.planning_loaders = found  # type: ignore[attr-defined]
    return found


async def planning_at(info: Info, product_id: str, at: datetime) -> Past:
    """The product at `at`, its planning rows and iterations then (empty before it existed)."""
    cache = planning_loaders(info).past
    key = (product_id, at)
    if key not in cache:
        travel = info.context.services.time_travel
        product = await anyio.to_thread.run_sync(travel.product_at, product_id, at)
        if product is None:
            cache[key] = (None, ProductPlanning(), [])
        else:
            rows = await anyio.to_thread.run_sync(planning_rows, product)
            cache[key] = (
                product,
                ProductPlanning(rows.wip_limit, rows.forecast, rows.bottlenecks, rows.links),
                list(rows.iterations),
            )
    return cache[key]
