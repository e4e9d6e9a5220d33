"""Pure retrospective logic: what changed in a window (from, to], for the wall of a
team retrospective. Inputs are the product as of `from` and as of `to` and the
facts of the decisions recorded in between (see decisions.sync_queries.window_between)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from domain.product import Product
from projections.backlog import render
from projections.engine.instants import parse_instant
from projections.rows import ItemRow

REPORTED_TYPES = (
    "ItemPrioritized",
    "ItemEstimated",
    "ItemStarted",
    "ItemCompleted",
    "ItemAccepted",
)
"""The decision types whose rows the report reads; the others are only counted."""


@dataclass(frozen=True)
class RankChange:
    item: ItemRow
    from_rank: int | None
    to_rank: int | None


@dataclass(frozen=True)
class Churn:
    """How often an item moved in the window, by whom and why."""

    item: ItemRow
    moves: int
    actor_ids: tuple[str, ...]
    rationales: tuple[str, ...]


@dataclass(frozen=True)
class EstimateChange:
    """An item's estimate when the window opened (first) and when it closed (last)."""

    item: ItemRow
    first: float | None
    last: float | None
    estimates: int


@dataclass(frozen=True)
class CycleTime:
    """From the moment an item became READY to its acceptance."""

    item: ItemRow
    ready_at: datetime | None
    accepted_at: datetime

    @property
    def seconds(self) -> float | None:
        return None if self.ready_at is None else (self.accepted_at - self.ready_at).total_seconds()


@dataclass(frozen=True)
class RetrospectiveReport:
    from_: datetime
    to: datetime
    decision_count: int
    by_role: tuple[tuple[str, int], ...]
    rank_changes: tuple[RankChange, ...]
    accepted: tuple[ItemRow, ...]
    churn: tuple[Churn, ...]
    estimate_changes: tuple[EstimateChange, ...]
    started_not_completed: tuple[ItemRow, ...]
    cycle_times: tuple[CycleTime, ...]


class WindowDecision(NamedTuple):
    """What the report needs of one decision of a REPORTED_TYPES type (a tuple: a
    month's window holds thousands, and a frozen dataclass costs five times as much
    to make)."""

    type: str
    subject_id: str
    actor_id: str | None
    rationale: str | None
    at: str
    """As stored (fixed-width UTC): parsed only for the few the report dates."""
    estimate: tuple[float | None, float | None] | None = None
    """Before and after, for ItemEstimated."""


@dataclass(frozen=True)
class Window:
    """The decisions recorded in (from, to]: all of them counted, the reported ones
    listed oldest first, and when each item accepted in the window became READY."""

    count: int
    by_role: dict[str, int]
    decisions: list[WindowDecision] = field(default_factory=list)
    ready_at: dict[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class Standing:
    """The backlog at an instant: ranks by item id, and the row of every item that
    existed then, in proposal order."""

    ranks: dict[str, int]
    rows: dict[str, ItemRow]

    @classmethod
    def of(cls, product: Product | None) -> Standing:
        if product is None:
            return cls({}, {})
        ranks = render.ranks(product)
        return cls(
            ranks,
            {i: render.item_row(product, item, ranks.get(i)) for i, item in product.items.items()},
        )


def build_report(
    from_: datetime,
    to: datetime,
    ranks_before: dict[str, int],
    after: Standing,
    window: Window,
) -> RetrospectiveReport:
    items, ranks_after = after.rows, after.ranks
    rank_changes = [
        RankChange(row, ranks_before.get(item_id), ranks_after.get(item_id))
        for item_id, row in items.items()
        if ranks_before.get(item_id) != ranks_after.get(item_id)
    ]
    rank_changes.sort(key=lambda c: (c.to_rank is None, c.to_rank or 0, c.item.title))

    by_type: dict[str, list[WindowDecision]] = {}
    for d in window.decisions:
        by_type.setdefault(d.type, []).append(d)

    moves: dict[str, list[WindowDecision]] = {}
    for d in by_type.get("ItemPrioritized", []):
        moves.setdefault(d.subject_id, []).append(d)
    churn = [
        Churn(
            items[i],
            len(ds),
            tuple(dict.fromkeys(d.actor_id for d in ds if d.actor_id)),
            tuple(d.rationale for d in ds if d.rationale),
        )
        for i, ds in moves.items()
        if i in items
    ]
    churn.sort(key=lambda c: (-c.moves, c.item.title))

    estimates: dict[str, list[WindowDecision]] = {}
    for d in by_type.get("ItemEstimated", []):
        estimates.setdefault(d.subject_id, []).append(d)
    estimate_changes = []
    for item_id, ds in estimates.items():
        first, last = ds[0].estimate, ds[-1].estimate
        if item_id in items and first and last:
            estimate_changes.append(EstimateChange(items[item_id], first[0], last[1], len(ds)))

    completed = {d.subject_id for d in by_type.get("ItemCompleted", [])}
    started = dict.fromkeys(d.subject_id for d in by_type.get("ItemStarted", []))
    unfinished = [items[i] for i in started if i not in completed and i in items]

    accepted = [d for d in by_type.get("ItemAccepted", []) if d.subject_id in items]
    cycle_times = [
        CycleTime(items[d.subject_id], window.ready_at.get(d.subject_id), parse_instant(d.at))
        for d in accepted
    ]

    return RetrospectiveReport(
        from_=from_,
        to=to,
        decision_count=window.count,
        by_role=tuple(sorted(window.by_role.items())),
        rank_changes=tuple(rank_changes),
        accepted=tuple(items[d.subject_id] for d in accepted),
        churn=tuple(churn),
        estimate_changes=tuple(estimate_changes),
        started_not_completed=tuple(unfinished),
        cycle_times=tuple(cycle_times),
    )
