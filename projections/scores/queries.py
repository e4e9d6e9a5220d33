"""Reads of the scores view: each item's latest score, now or as of an instant."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from projections.engine.drivers import Driver, marks
from projections.engine.instants import instant


@dataclass(frozen=True)
class ScoreRow:
    item_id: str
    decision_id: str
    model: str
    value: float
    inputs: tuple[tuple[str, float], ...]
    formula_version: str


class ScoreQueries:
    """Mixed into projections.reader.ViewReader."""

    driver: Driver

    async def scores(
        self, item_ids: Sequence[str], at: datetime | None = None
    ) -> dict[str, ScoreRow]:
        """The latest score of each item (recorded at or before `at`)."""
        if not item_ids:
            return {}
        when = ""
        params: list[object] = list(item_ids)
        if at is not None:
            when = " AND d.at <= ?"
            params.append(instant(at))
        rows = await self.driver.fetch(
            "SELECT s.item_id, s.decision_id, s.model, s.value, s.inputs, s.formula_version "
            "FROM item_scores s JOIN decisions d ON d.position = s.position "
            f"WHERE s.item_id IN ({marks(item_ids)}){when} ORDER BY s.position",
            params,
        )
        found: dict[str, ScoreRow] = {}
        for item, decision, model, value, inputs, version in rows:
            found[str(item)] = ScoreRow(
                str(item),
                str(decision),
                str(model),
                float(value),
                tuple((k, float(v)) for k, v in json.loads(inputs).items()),
                str(version),
            )
        return found
