"""The scores view: one row per ItemScored, kept whole (the latest is the score; an
instant reads the latest recorded at or before it)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from eventsourcing.application import Application

from domain.integrity_events import ItemScored
from domain.product import Product
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.rows import decision_id

TABLES = (
    """CREATE TABLE IF NOT EXISTS item_scores (
        position BIGINT PRIMARY KEY, decision_id TEXT NOT NULL, product_id TEXT NOT NULL,
        item_id TEXT NOT NULL, model TEXT NOT NULL, value DOUBLE PRECISION NOT NULL,
        inputs TEXT NOT NULL, formula_version TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS item_scores_item ON item_scores (item_id, position)",
)


class ScoresView(View):
    """Every score recorded, by position."""

    name = "scores"
    tables = TABLES
    version_table = "item_scores"

    def __init__(self, app: Application[uuid.UUID]) -> None:
        super().__init__(app)
        self.rows: list[tuple[Any, ...]] = []

    def forget(self) -> None:
        super().forget()
        self.rows = []

    def prepare(self, events: Any) -> None:
        """No replicas: a score is the event's own fields."""

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, ItemScored):
            product_id = str(event.originator_id)
            self.rows.append(
                (
                    position,
                    decision_id(product_id, event.originator_version),
                    product_id,
                    event.item_id,
                    event.model,
                    event.value,
                    json.dumps(event.inputs),
                    event.formula_version,
                )
            )

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        self.handle(event, position, tx)

    def stored_version(self, tx: Tx, product_id: str) -> int | None:
        return None

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.upsert("item_scores", self.rows)
        self.rows = []
