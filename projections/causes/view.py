"""The causes view: one row per (decision, cause) named by causedBy. It needs no
replica of the products, so it skips them (a pure fold over the events' fields)."""

from __future__ import annotations

from typing import Any

from domain.product_events import ProductDecision
from projections.appended_rows import RowsFromEvents
from projections.rows import decision_id

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
    version_table = "decision_causes"
    appends_to = "decision_causes"

    def rows_of(self, event: Any, position: int) -> list[tuple[Any, ...]]:
        if not (isinstance(event, ProductDecision) and event.caused_by):
            return []
        product_id = str(event.originator_id)
        this = decision_id(product_id, event.originator_version)
        return [(position, this, product_id, cause) for cause in event.caused_by]
