"""Synchronous reads of the decisions view, for work that already runs on a thread
(time travel, retrospectives, the CLI)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from projections.decisions.queries import DECISION_COLUMNS, to_decision
from projections.engine.drivers import marks
from projections.engine.instants import instant, parse_instant
from projections.engine.view_store import Tx
from projections.rows import DecisionRow
from projections.time_travel.retrospective import REPORTED_TYPES, Window, WindowDecision


def version_at(tx: Tx, product_id: str, at: datetime) -> int | None:
    """The product version of the last decision recorded at or before `at`: what
    time travel reconstructs for an instant."""
    # The last instant at or before `at` is one step down the (product_id, at)
    # index, then only the decisions at that instant are read; MAX(version) over
    # `at <= ?` alone would read the product's whole history before `at`.
    rows = tx.fetchall(
        "SELECT MAX(version) FROM decisions WHERE product_id = ? AND at = "
        "(SELECT MAX(at) FROM decisions WHERE product_id = ? AND at <= ?)",
        (product_id, product_id, instant(at)),
    )
    value = rows[0][0] if rows else None
    return int(value) if value is not None else None


def decisions_between(
    tx: Tx,
    product_id: str,
    after: datetime | None,
    until: datetime,
    types: Sequence[str] | None = None,
) -> list[DecisionRow]:
    """Decisions recorded in (after, until], oldest first."""
    clauses, params = ["product_id = ?", "at <= ?"], [product_id, instant(until)]
    if after is not None:
        clauses.append("at > ?")
        params.append(instant(after))
    if types is not None:
        clauses.append(f"type IN ({marks(types)})")
        params.extend(types)
    rows: list[Any] = tx.fetchall(
        f"SELECT {DECISION_COLUMNS} FROM decisions WHERE {' AND '.join(clauses)} ORDER BY position",
        params,
    )
    return [to_decision(r) for r in rows]


def window_between(tx: Tx, product_id: str, after: datetime, until: datetime) -> Window:
    """What a retrospective of (after, until] reads: counts by role in SQL, then only
    the rows of the reported decision types, and the readiness of accepted items."""
    span = [product_id, instant(after), instant(until)]
    where = "product_id = ? AND at > ? AND at <= ?"
    tally = tx.fetchall(f"SELECT role, COUNT(*) FROM decisions WHERE {where} GROUP BY role", span)
    rows = tx.fetchall(
        "SELECT type, subject_id, actor_id, rationale, at, "
        "CASE WHEN type = 'ItemEstimated' THEN changes END FROM decisions "
        f"WHERE {where} AND type IN ({marks(REPORTED_TYPES)}) ORDER BY position",
        [*span, *REPORTED_TYPES],
    )
    decisions = [
        WindowDecision(t, s, a, r, at, _estimate(c) if c else None) for t, s, a, r, at, c in rows
    ]
    accepted = sorted({d.subject_id for d in decisions if d.type == "ItemAccepted"})
    ready_at: dict[str, datetime] = {}
    if accepted:
        readiness = tx.fetchall(
            "SELECT subject_id, at, changes FROM decisions "
            f"WHERE subject_id IN ({marks(accepted)}) AND at <= ? "
            "AND type IN ('ItemRefined', 'ItemEstimated') AND changes LIKE ? ORDER BY position",
            [*accepted, instant(until), '%"READY"%'],
        )
        for subject, at, changes in readiness:
            if any(name == "status" and new == "READY" for name, _, new in json.loads(changes)):
                ready_at[subject] = parse_instant(at)
    return Window(
        count=sum(int(n) for _, n in tally),
        by_role={role: int(n) for role, n in tally if role},
        decisions=decisions,
        ready_at=ready_at,
    )


def _estimate(changes: str) -> tuple[float | None, float | None] | None:
    for name, before, after in json.loads(changes):
        if name == "estimate":
            return _number(before), _number(after)
    return None


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)
