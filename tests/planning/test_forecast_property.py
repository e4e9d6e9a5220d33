"""The forecast against a plain reference computation, over random backlogs: estimates,
unestimated items, DONE items and each velocity basis."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from domain.backlog_item import BacklogItem
from domain.planning import Iteration
from domain.product import Product
from domain.vocabulary import ItemKind, ItemStatus
from projections.planning.forecast import forecast_row, iterations_away

RANKED = [ItemStatus.PROPOSED, ItemStatus.READY, ItemStatus.IN_PROGRESS, ItemStatus.DONE]
START = datetime(2026, 1, 5, tzinfo=UTC)

items_ = st.lists(
    st.tuples(
        st.one_of(st.none(), st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0])),
        st.sampled_from([*RANKED, ItemStatus.ACCEPTED]),
    ),
    max_size=25,
)
closed_ = st.lists(st.sampled_from([0.0, 3.0, 5.0, 8.0, 10.5, 21.0]), max_size=6)
open_ = st.lists(st.sampled_from([0.0, 4.0, 10.0, 12.5]), max_size=3)
given_ = st.one_of(st.none(), st.sampled_from([0.5, 1.0, 3.0, 7.5, 20.0]))


def backlog(
    items: list[tuple[float | None, ItemStatus]], closed: list[float], open_caps: list[float]
) -> Product:
    product = Product.create(name="Random", vision="Forecast", at=START)
    for n, (estimate, status) in enumerate(items):
        item_id = str(uuid.uuid4())
        product.items[item_id] = BacklogItem(
            item_id, f"Item {n}", "", ItemKind.FEATURE, status=status, estimate=estimate
        )
        if status is not ItemStatus.ACCEPTED:
            product.order.append(item_id)
    planning = product.planned()
    week = timedelta(days=7)
    for n, delivered in enumerate(closed):
        planning.iterations[f"c{n}"] = Iteration(
            f"c{n}", n + 1, f"Closed {n}", (START + n * week).isoformat(),
            (START + (n + 1) * week).isoformat(), 10, status="CLOSED",
            delivered_points=delivered, closed_version=n + 1,
        )  # fmt: skip
    # Open iterations planned latest-first: the earliest start must win, not the first planned.
    for n, capacity in enumerate(open_caps):
        at = START + (len(closed) + len(open_caps) - n) * week
        planning.iterations[f"o{n}"] = Iteration(
            f"o{n}", len(closed) + n + 1, f"Open {n}", at.isoformat(), (at + week).isoformat(),
            capacity,
        )  # fmt: skip
    return product


def reference(
    items: list[tuple[float | None, ItemStatus]],
    closed: list[float],
    open_caps: list[float],
    given_velocity: float | None,
) -> tuple[float | None, str, list[tuple[float, int | None, bool]]]:
    if given_velocity is not None:
        velocity, basis = given_velocity, "GIVEN"
    elif closed:
        velocity, basis = sum(closed[-3:]) / len(closed[-3:]), "CLOSED_ITERATIONS"
    elif open_caps:
        velocity, basis = open_caps[-1], "PLANNED_CAPACITY"
    else:
        velocity, basis = None, "NONE"
    listed = []
    total = 0.0
    for estimate, status in items:
        if status in (ItemStatus.DONE, ItemStatus.ACCEPTED):
            continue
        total += estimate or 0.0
        away = None
        if estimate is not None and velocity:
            away = max(1, math.ceil(total / velocity))
        listed.append((total, away, estimate is None))
    return velocity, basis, listed


@seed(20261129)
@settings(max_examples=300, deadline=None)
@given(items=items_, closed=closed_, open_caps=open_, given_velocity=given_)
def test_the_forecast_matches_the_reference(
    items: list[tuple[float | None, ItemStatus]],
    closed: list[float],
    open_caps: list[float],
    given_velocity: float | None,
) -> None:
    row = forecast_row(backlog(items, closed, open_caps))
    velocity, basis = (
        (given_velocity, "GIVEN") if given_velocity is not None else (row.velocity, row.basis)
    )
    found = [
        (e.cumulative_points, iterations_away(e, velocity), not e.estimated) for e in row.entries
    ]
    assert (velocity, basis, found) == reference(items, closed, open_caps, given_velocity)
