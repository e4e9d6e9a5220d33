"""The scores view: one row per ItemScored, kept whole (the latest is the score; an
instant reads the latest recorded at or before it)."""

from __future__ import annotations

import json
from typing import Any

from domain.integrity_events import ItemScored
from projections.appended_rows import RowsFromEvents

TABLES = (
    """CREATE TABLE IF NOT EXISTS item_scores (
        position BIGINT PRIMARY KEY, decision_id TEXT NOT NULL, product_id TEXT NOT NULL,
        item_id TEXT NOT NULL, model TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,
        inputs TEXT NOT NULL, formula_version TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS item_scores_item ON item_scores (item_id, position)",
)


class ScoresView(RowsFromEvents):
    """Every score recorded, by position."""

    name = "scores"
    tables = TABLES
    appends_to = "item_scores"
    event_type = ItemScored

    def fields_of(self, event: ItemScored) -> list[tuple[Any, ...]]:
        inputs = json.dumps(event.inputs)
        return [(event.item_id, event.model, event.value, inputs, event.formula_version)]
