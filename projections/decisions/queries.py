"""The decisions view's queries: the audit trail by product, by id, by subject."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from projections.engine.drivers import Driver, Row, marks
from projections.engine.instants import instant, parse_instant
from projections.rows import ChangeRow, DecisionFilter, DecisionRow, Page

DECISION_COLUMNS = (
    "position, product_id, version, at, actor_id, role, type, subject_id, "
    "rationale, summary, changes"
)


def to_decision(row: Row) -> DecisionRow:
    """A decision from its DECISION_COLUMNS."""
    position, product_id, version, at, actor_id, role, kind, subject, rationale, summary, _ = row
    changes = tuple(ChangeRow(*c) for c in json.loads(row[10]))
    return DecisionRow(
        position,
        product_id,
        version,
        parse_instant(at),
        actor_id,
        role,
        kind,
        subject,
        rationale,
        summary,
        changes,
    )


def where(product_id: str, match: DecisionFilter) -> tuple[str, list[Any]]:
    """The SQL condition and parameters of a filter on one product's decisions."""
    clauses: list[str] = ["product_id = ?"]
    params: list[Any] = [product_id]
    for column, value in (
        ("actor_id", match.actor_id),
        ("role", match.role),
        ("subject_id", match.subject_id),
    ):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if match.types is not None:
        clauses.append(f"type IN ({marks(match.types)})" if match.types else "1 = 0")
        params.extend(match.types)
    if match.from_ is not None:
        clauses.append("at >= ?")
        params.append(instant(match.from_))
    if match.to is not None:
        clauses.append("at <= ?")
        params.append(instant(match.to))
    return " AND ".join(clauses), params


class DecisionQueries:
    """Reads the decisions view (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def decisions(
        self, product_id: str, match: DecisionFilter, first: int, before: int | None
    ) -> Page[DecisionRow]:
        """Newest first; `before` is the position cursor, stable as new decisions arrive."""
        condition, params = where(product_id, match)
        total = (
            await self.driver.fetch(f"SELECT COUNT(*) FROM decisions WHERE {condition}", params)
        )[0][0]
        if before is not None:
            condition += " AND position < ?"
            params.append(before)
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE {condition} "
            "ORDER BY position DESC LIMIT ?",
            (*params, first + 1),
        )
        return Page(
            [to_decision(r) for r in rows[:first]], has_next=len(rows) > first, total=int(total)
        )

    async def decisions_by_id(self, ids: Sequence[str]) -> dict[str, DecisionRow]:
        if not ids:
            return {}
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE decision_id IN ({marks(ids)})", ids
        )
        found = [to_decision(r) for r in rows]
        return {d.id: d for d in found}

    async def decision_at(self, product_id: str, version: int) -> DecisionRow | None:
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE product_id = ? AND version = ?",
            (product_id, version),
        )
        return to_decision(rows[0]) if rows else None

    async def history(self, item_ids: Sequence[str]) -> dict[str, list[DecisionRow]]:
        """Every decision about each item, oldest first."""
        result: dict[str, list[DecisionRow]] = {i: [] for i in item_ids}
        if item_ids:
            rows = await self.driver.fetch(
                f"SELECT {DECISION_COLUMNS} FROM decisions WHERE subject_id IN ({marks(item_ids)}) "
                "ORDER BY position",
                item_ids,
            )
            for r in rows:
                result[r[7]].append(to_decision(r))
        return result

    async def decisions_after(
        self, product_id: str, position: int, limit: int = 500
    ) -> list[DecisionRow]:
        rows = await self.driver.fetch(
            f"SELECT {DECISION_COLUMNS} FROM decisions WHERE product_id = ? AND position > ? "
            "ORDER BY position LIMIT ?",
            (product_id, position, limit),
        )
        return [to_decision(r) for r in rows]
