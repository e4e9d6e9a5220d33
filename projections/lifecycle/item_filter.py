"""Product.items: which items match an ItemFilter and in what order. Pure, so the live
query and time travel (Product.items(asOf:)) list the same items the same way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from projections.rows import ItemRow


@dataclass(frozen=True)
class ItemFilter:
    """Every given criterion must match (AND); None means any."""

    statuses: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    assignee_id: str | None = None
    goal_id: str | None = None
    search: str | None = None


@dataclass(frozen=True)
class ItemFacts:
    """An item's row with what the lifecycle adds to it, and its place in proposal order."""

    row: ItemRow
    seq: int
    goal_ids: tuple[str, ...]


def matches(facts: ItemFacts, where: ItemFilter) -> bool:
    row = facts.row
    if where.statuses is not None and row.status not in where.statuses:
        return False
    if where.kinds is not None and row.kind not in where.kinds:
        return False
    if where.assignee_id is not None and all(
        a.member_id != where.assignee_id for a in row.assignments
    ):
        return False
    if where.goal_id is not None and where.goal_id not in facts.goal_ids:
        return False
    if where.search:
        needle = where.search.casefold()
        return needle in row.title.casefold() or needle in row.description.casefold()
    return True


def listed(items: Iterable[ItemFacts], where: ItemFilter) -> list[ItemRow]:
    """The matching items: ranked ones by rank, then the unranked ones, most recently
    proposed (or requested) first."""
    found = [f for f in items if matches(f, where)]
    ranked = sorted((f for f in found if f.row.rank is not None), key=lambda f: f.row.rank or 0)
    unranked = sorted((f for f in found if f.row.rank is None), key=lambda f: -f.seq)
    return [f.row for f in ranked + unranked]
