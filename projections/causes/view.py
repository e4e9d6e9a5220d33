"""The causes view: one row per (decision, cause) named by causedBy. It needs no
replica of the products, so it skips them (a pure fold over the events' fields)."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import Application

from domain.product import Product
from domain.product_events import ProductDecision
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.rows import decision_id

TABLES = (
    """CREATE TABLE IF NOT EXISTS decision_causes (
        position BIGINT NOT NULL, decision_id TEXT NOT NULL, product_id TEXT NOT NULL,
        cause_id TEXT NOT NULL, PRIMARY KEY (position, cause_id))""",
    "CREATE INDEX IF NOT EXISTS decision_causes_cause ON decision_causes (cause_id, position)",
)


class CausesView(View):
    """decision -> its causes; cause -> its consequences."""

    name = "causes"
    tables = TABLES
    version_table = "decision_causes"

    def __init__(self, app: Application[uuid.UUID]) -> None:
        super().__init__(app)
        self.rows: list[tuple[int, str, str, str]] = []

    def forget(self) -> None:
        super().forget()
        self.rows = []

    def prepare(self, events: Any) -> None:
        """No replicas: the causes are the events' own fields."""

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, ProductDecision) and event.caused_by:
            product_id = str(event.originator_id)
            this = decision_id(product_id, event.originator_version)
            self.rows += [(position, this, product_id, cause) for cause in event.caused_by]

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        self.handle(event, position, tx)

    def stored_version(self, tx: Tx, product_id: str) -> int | None:
        return None

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.upsert("decision_causes", self.rows)
        self.rows = []
