"""The planning fold: a product's state -> its iterations, forecast, bottlenecks and
item links. Pure: the live view stores these rows; an asOf query renders them for a
past version of the product in memory, through the same functions."""

from __future__ import annotations

from domain.planning import Iteration, IterationStatus
from domain.product import Product
from domain.vocabulary import ItemStatus
from projections.planning.bottlenecks import bottleneck_rows
from projections.planning.forecast import forecast_row
from projections.planning.rows import ItemLinks, IterationRow, PlanningRows
from projections.rows import row_from

DELIVERED = (ItemStatus.DONE, ItemStatus.ACCEPTED)


def planning_rows(product: Product) -> PlanningRows:
    planning = product.planned()
    iterations = tuple(iteration_row(product, it) for it in planning.iterations.values())
    return PlanningRows(
        product_id=str(product.id),
        version=product.version,
        wip_limit=planning.wip_limit,
        forecast=forecast_row(product),
        bottlenecks=tuple(bottleneck_rows(product)),
        iterations=iterations,
        links=item_links(product),
    )


def by_rank(product: Product, ids: list[str]) -> tuple[str, ...]:
    """Ranked items in rank order, then the unranked ones in the given order."""
    ranks = {item_id: rank for rank, item_id in enumerate(product.order)}
    last = len(ranks)
    return tuple(sorted(ids, key=lambda i: ranks.get(i, last)))


def iteration_row(product: Product, it: Iteration) -> IterationRow:
    if it.status == IterationStatus.COMMITTED:
        delivered = sum(
            points
            for item_id, points in it.committed_estimates.items()
            if product.items[item_id].status in DELIVERED
        )
    else:
        delivered = it.delivered_points
    return row_from(
        IterationRow,
        it,
        product_id=str(product.id),
        capacity_points=it.capacity,
        proposed=by_rank(product, it.proposed),
        committed=by_rank(product, it.committed),
        delivered_points=float(delivered),
        carried_over=by_rank(product, it.carried_over),
    )


def item_links(product: Product) -> dict[str, ItemLinks]:
    """Only items with a dependency, a block or an iteration are listed."""
    planning = product.planned()
    dependents: dict[str, list[str]] = {}
    for item_id, prerequisites in planning.depends_on.items():
        for prerequisite in prerequisites:
            dependents.setdefault(prerequisite, []).append(item_id)
    iterations: dict[str, list[str]] = {}
    for it in planning.iterations.values():
        for item_id in dict.fromkeys([*it.proposed, *it.committed]):
            iterations.setdefault(item_id, []).append(it.id)
    ids = {*planning.depends_on, *dependents, *planning.blocked, *iterations}
    return {
        item_id: ItemLinks(
            depends_on=tuple(planning.depends_on.get(item_id, ())),
            dependents=tuple(dependents.get(item_id, ())),
            blocked_reason=planning.blocked.get(item_id),
            iteration_ids=tuple(iterations.get(item_id, ())),
        )
        for item_id in ids
    }
