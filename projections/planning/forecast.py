"""The forecast's arithmetic, as planning.graphql's header states it: the velocity and
its basis, the cumulative points in rank order, and how many iterations away each
item is."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from domain.planning import Iteration, IterationStatus
from domain.product import Product
from domain.vocabulary import ItemStatus
from projections.planning.rows import ForecastEntry, ForecastRow, VelocityBasis

VELOCITY_WINDOW = 3


def default_velocity(iterations: Sequence[Iteration]) -> tuple[float | None, VelocityBasis]:
    """(velocity, basis) without a given velocity: the mean delivered points of the
    last three CLOSED iterations, else the first not-CLOSED iteration's capacity."""
    closed = [i for i in iterations if i.status == IterationStatus.CLOSED]
    closed.sort(key=lambda i: (i.closed_version or 0, i.number))
    last = closed[-VELOCITY_WINDOW:]
    if last:
        return sum(i.delivered_points for i in last) / len(last), VelocityBasis.CLOSED_ITERATIONS
    open_ = [i for i in iterations if i.status != IterationStatus.CLOSED]
    if open_:
        first = min(open_, key=lambda i: (datetime.fromisoformat(i.starts_at), i.number))
        return first.capacity, VelocityBasis.PLANNED_CAPACITY
    return None, VelocityBasis.NONE


def forecast_row(product: Product) -> ForecastRow:
    velocity, basis = default_velocity(list(product.planned().iterations.values()))
    entries = []
    total = 0.0
    for item_id in product.order:
        item = product.items[item_id]
        if item.status is ItemStatus.DONE:
            continue
        if item.estimate is not None:
            total += item.estimate
        entries.append(ForecastEntry(item_id, total, item.estimate is not None))
    return ForecastRow(velocity, basis, tuple(entries))


def iterations_away(entry: ForecastEntry, velocity: float | None) -> int | None:
    """max(1, ceil(cumulativePoints / velocity)); None for an unestimated item, and
    without a velocity or with a velocity of 0 (nothing delivered: no date to give)."""
    if velocity is None or velocity <= 0 or not entry.estimated:
        return None
    return max(1, math.ceil(entry.cumulative_points / velocity))
