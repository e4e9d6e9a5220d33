"""Bottlenecks, as planning.graphql's header states them: five kinds, ordered by kind,
then by the subject's rank (items), number (iterations) or name (members, when read)."""

from __future__ import annotations

from domain.planning import IterationStatus
from domain.product import Product
from domain.vocabulary import ItemStatus
from projections.allocation.loads import member_loads
from projections.planning.rows import BottleneckKind, BottleneckRow

KINDS = tuple(BottleneckKind)
SETTLED = (ItemStatus.DONE, ItemStatus.ACCEPTED, ItemStatus.DROPPED)
NAME = "{name}"


def bottleneck_rows(product: Product) -> list[BottleneckRow]:
    """Every bottleneck of the product; members' rows are in member order until read."""
    rows = [*_over_allocated(product), *_over_wip(product), *_blocked(product)]
    rows += [*_inversions(product), *_over_committed(product)]
    return sorted(rows, key=lambda r: (KINDS.index(r.kind), r.order))


def _over_allocated(product: Product) -> list[BottleneckRow]:
    return [
        BottleneckRow(
            BottleneckKind.OVER_ALLOCATED,
            load.member_id,
            f"{NAME} is allocated {load.allocated_percent}% of a {load.capacity_percent}% capacity",
            0,
            item_ids=load.item_ids,
            member_id=load.member_id,
        )
        for load in member_loads(product)
        if load.over_allocated
    ]


def _over_wip(product: Product) -> list[BottleneckRow]:
    limit = product.planned().wip_limit
    if limit is None:
        return []
    started: dict[str, list[str]] = {}
    for item_id in _ranked_then_rest(product):
        item = product.items[item_id]
        if item.status is ItemStatus.IN_PROGRESS:
            for member_id in item.assignments:
                started.setdefault(member_id, []).append(item_id)
    return [
        BottleneckRow(
            BottleneckKind.OVER_WIP_LIMIT,
            member_id,
            f"{NAME} is assigned to {len(ids)} items in progress (limit {limit})",
            0,
            item_ids=tuple(ids),
            member_id=member_id,
        )
        for member_id, ids in started.items()
        if len(ids) > limit
    ]


def _blocked(product: Product) -> list[BottleneckRow]:
    rows = []
    for item_id, reason in product.planned().blocked.items():
        item = product.items[item_id]
        if item.status in SETTLED:
            continue
        rows.append(
            BottleneckRow(
                BottleneckKind.BLOCKED,
                item_id,
                f"{item.title!r} is blocked: {reason}",
                _rank(product, item_id),
                item_ids=(item_id,),
            )
        )
    return rows


def _inversions(product: Product) -> list[BottleneckRow]:
    rows = []
    ranks = {item_id: rank for rank, item_id in enumerate(product.order, start=1)}
    for item_id, prerequisites in product.planned().depends_on.items():
        for prerequisite in prerequisites:
            if item_id not in ranks or prerequisite not in ranks:
                continue
            if product.items[prerequisite].status is ItemStatus.DONE:
                continue
            if ranks[item_id] < ranks[prerequisite]:
                dependent, before = product.items[item_id], product.items[prerequisite]
                rows.append(
                    BottleneckRow(
                        BottleneckKind.DEPENDENCY_INVERSION,
                        item_id,
                        f"{dependent.title!r} (#{ranks[item_id]}) is ranked above "
                        f"{before.title!r} (#{ranks[prerequisite]}), which it depends on",
                        ranks[item_id],
                        item_ids=(item_id, prerequisite),
                    )
                )
    return rows


def _over_committed(product: Product) -> list[BottleneckRow]:
    return [
        BottleneckRow(
            BottleneckKind.OVER_COMMITTED,
            it.id,
            f"iteration {it.number} ({it.name!r}) is committed to {it.committed_points:g} "
            f"points, {it.committed_points - it.capacity:g} over its capacity of "
            f"{it.capacity:g}",
            it.number,
            item_ids=tuple(it.committed),
            iteration_id=it.id,
        )
        for it in product.planned().iterations.values()
        if it.status == IterationStatus.COMMITTED and it.committed_points > it.capacity
    ]


def _rank(product: Product, item_id: str) -> int:
    """Ranked items by rank; unranked ones after them."""
    try:
        return product.order.index(item_id) + 1
    except ValueError:
        return len(product.order) + 1


def _ranked_then_rest(product: Product) -> list[str]:
    return [*product.order, *(i for i in product.items if i not in set(product.order))]
