"""Reads of the causes view: a decision's causes, its consequences, an item's why."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from projections.engine.drivers import Driver, marks
from projections.engine.view_store import Tx

PLACING = ("ItemProposed", "ItemRequested", "ItemRestored", "ItemPrioritized")
"""The decisions that place an item in the backlog (BacklogItem.why starts at the last)."""
MAX_WHY = 50
K = TypeVar("K")


class CauseQueries:
    """Mixed into projections.reader.ViewReader."""

    driver: Driver

    async def causes_of(self, positions: Sequence[int]) -> dict[int, list[str]]:
        """Cause decision ids of each decision, by the decision's position."""
        rows = await self.driver.fetch(
            "SELECT c.position, c.cause_id FROM decision_causes c "
            "JOIN decisions d ON d.decision_id = c.cause_id "
            f"WHERE c.position IN ({marks(positions)}) ORDER BY d.position DESC",
            list(positions),
        )
        return _grouped(rows, int)

    async def consequences_of(self, decision_ids: Sequence[str]) -> dict[str, list[str]]:
        """Later decisions naming each decision among their causes, by position."""
        rows = await self.driver.fetch(
            "SELECT cause_id, decision_id FROM decision_causes "
            f"WHERE cause_id IN ({marks(decision_ids)}) ORDER BY position",
            list(decision_ids),
        )
        return _grouped(rows, str)

    async def why(self, item_id: str) -> list[str]:
        """The last decision that placed the item, then its causes transitively, each
        once, newest first by position (at most MAX_WHY decision ids)."""
        rows = await self.driver.fetch(
            f"SELECT decision_id, position FROM decisions WHERE subject_id = ? "
            f"AND type IN ({marks(PLACING)}) ORDER BY position DESC LIMIT 1",
            (item_id, *PLACING),
        )
        if not rows:
            return []
        seen = {str(rows[0][0]): int(rows[0][1])}
        frontier = [int(rows[0][1])]
        while frontier and len(seen) < MAX_WHY * 4:
            found = await self.driver.fetch(
                "SELECT c.cause_id, d.position FROM decision_causes c "
                "JOIN decisions d ON d.decision_id = c.cause_id "
                f"WHERE c.position IN ({marks(frontier)})",
                frontier,
            )
            frontier = []
            for cause, position in found:
                if str(cause) not in seen:
                    seen[str(cause)] = int(position)
                    frontier.append(int(position))
        ordered = sorted(seen.items(), key=lambda pair: pair[1], reverse=True)
        return [decision for decision, _ in ordered[:MAX_WHY]]


def _grouped(pairs: Iterable[Sequence[Any]], key: Callable[[Any], K]) -> dict[K, list[str]]:
    """The second of each (key, decision id) pair, grouped by the first, in order."""
    found: dict[K, list[str]] = {}
    for first, second in pairs:
        found.setdefault(key(first), []).append(str(second))
    return found


def decision_product(tx: Tx, decision_id: str) -> str | None:
    """The product a decision belongs to (the decision path's causedBy check)."""
    rows = tx.fetchall("SELECT product_id FROM decisions WHERE decision_id = ?", (decision_id,))
    return str(rows[0][0]) if rows else None
