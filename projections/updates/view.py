"""The updates view's writes: a row per StakeholderUpdatePublished, copied from the
event (the report is never composed again here)."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import Application

from domain.product import Product
from domain.updates_events import StakeholderUpdatePublished
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.updates.tables import TABLES


class UpdatesView(View):
    """Published stakeholder updates, by product."""

    name = "updates"
    tables = TABLES
    version_table = "updates_products"

    def __init__(self, app: Application[uuid.UUID]) -> None:
        super().__init__(app)
        self.rows: list[tuple[Any, ...]] = []

    def forget(self) -> None:
        super().forget()
        self.rows = []

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        if isinstance(event, StakeholderUpdatePublished):
            self.rows.append(
                (
                    event.update_id,
                    str(product.id),
                    product.version,
                    position,
                    event.number,
                    event.headline,
                    event.note,
                    event.actor_id,
                    event.window_from,
                    event.window_to,
                    event.markdown,
                )
            )

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.insert("stakeholder_updates", self.rows)
        tx.upsert(
            "updates_products",
            [(pid, p.version) for pid, p in touched.products.items()],
            update=("version",),
        )
        self.rows = []
