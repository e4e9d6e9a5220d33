"""Synchronous reads of the decisions view, for work that already runs on a thread
(time travel, retrospectives, the CLI)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from projections.reader import DECISION_COLUMNS, decision, marks
from projections.rows import DecisionRow
from projections.store import Tx
from projections.views import instant


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
    return [decision(r) for r in rows]
