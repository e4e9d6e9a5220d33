"""Pure retrospective logic: what changed in a window (from, to], for the wall of a
team retrospective. Inputs are the product as of `from` and as of `to` and the
decisions recorded in between."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from domain.product import Product
from projections import render
from projections.rows import DecisionRow, ItemRow


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


def _number(value: str | None) -> float | None:
    return None if value is None else float(value)


def _change(decision: DecisionRow, field: str) -> tuple[str | None, str | None] | None:
    for change in decision.changes:
        if change.field == field:
            return change.before, change.after
    return None


def build_report(
    from_: datetime,
    to: datetime,
    before: Product | None,
    after: Product | None,
    window: list[DecisionRow],
    readiness: list[DecisionRow],
) -> RetrospectiveReport:
    """`window`: decisions in (from, to], oldest first; `readiness`: refinements and
    estimates up to `to` (to find when each item became READY)."""
    ranks_before = render.ranks(before) if before else {}
    ranks_after = render.ranks(after) if after else {}
    items = {}
    if after is not None:
        items = {i: render.item_row(after, it, ranks_after.get(i)) for i, it in after.items.items()}

    rank_changes = [
        RankChange(row, ranks_before.get(item_id), ranks_after.get(item_id))
        for item_id, row in items.items()
        if ranks_before.get(item_id) != ranks_after.get(item_id)
    ]
    rank_changes.sort(key=lambda c: (c.to_rank is None, c.to_rank or 0, c.item.title))

    by_type: dict[str, list[DecisionRow]] = {}
    for d in window:
        by_type.setdefault(d.type, []).append(d)
    accepted_ids = [d.subject_id for d in by_type.get("ItemAccepted", [])]
    roles = Counter(d.role for d in window if d.role)

    moves: dict[str, list[DecisionRow]] = {}
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

    estimates: dict[str, list[DecisionRow]] = {}
    for d in by_type.get("ItemEstimated", []):
        estimates.setdefault(d.subject_id, []).append(d)
    estimate_changes = []
    for item_id, ds in estimates.items():
        first, last = _change(ds[0], "estimate"), _change(ds[-1], "estimate")
        if item_id in items and first and last:
            estimate_changes.append(
                EstimateChange(items[item_id], _number(first[0]), _number(last[1]), len(ds))
            )

    completed = {d.subject_id for d in by_type.get("ItemCompleted", [])}
    started = dict.fromkeys(d.subject_id for d in by_type.get("ItemStarted", []))
    unfinished = [items[i] for i in started if i not in completed and i in items]

    became_ready: dict[str, datetime] = {}
    for d in readiness:
        status = _change(d, "status")
        if status and status[1] == "READY":
            became_ready[d.subject_id] = d.at
    cycle_times = [
        CycleTime(items[d.subject_id], became_ready.get(d.subject_id), d.at)
        for d in by_type.get("ItemAccepted", [])
        if d.subject_id in items
    ]

    return RetrospectiveReport(
        from_=from_,
        to=to,
        decision_count=len(window),
        by_role=tuple(sorted(roles.items())),
        rank_changes=tuple(rank_changes),
        accepted=tuple(items[i] for i in accepted_ids if i in items),
        churn=tuple(churn),
        estimate_changes=tuple(estimate_changes),
        started_not_completed=tuple(unfinished),
        cycle_times=tuple(cycle_times),
    )
