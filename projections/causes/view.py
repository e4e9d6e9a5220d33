"""The causes view: one row per (decision, cause) named by causedBy. It needs no
replica of the products, so it skips them (a pure fold over the events' fields)."""

from __future__ import annotations

from typing import Any

from domain.product_events import ProductDecision
from projections.appended_rows import RowsFromEvents

TABLES = (
    """CREATE TABLE IF NOT EXISTS decision_causes (
        position BIGINT NOT NULL, decision_id TEXT NOT NULL, product_id TEXT NOT NULL,
        cause_id TEXT NOT NULL, PRIMARY KEY (position, cause_id))""",
    "CREATE INDEX IF NOT EXISTS decision_causes_cause ON decision_causes (cause_id, position)",
)


class CausesView(RowsFromEvents):
    """decision -> its causes; cause -> its consequences."""

    name = "causes"
    tables = TABLES
    appends_to = "decision_causes"
    event_type = ProductDecision

    def fields_of(self, event: ProductDecision) -> list[tuple[Any, ...]]:
        return [(cause,) for cause in event.caused_by]
