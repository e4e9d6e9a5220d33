"""Stores each people record as a row. Records are events of their own aggregates
(domain.people_events.PeopleNote), never product events: this follower is the only
one that handles them."""

from __future__ import annotations

from typing import Any

from domain.people_events import MemberForgotten, PeopleNoteRecorded
from projections.engine.instants import instant
from projections.engine.view import NonProductView, Touched
from projections.engine.view_store import Tx
from projections.people_records.tables import TABLES


class PeopleRecordsView(NonProductView):
    """Every people record, by product; who may read which is guard.py's."""

    name = "people_records"
    tables = TABLES

    def new_batch(self) -> None:
        super().new_batch()
        self.rows: list[tuple[Any, ...]] = []
        self.forgotten: list[str] = []

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, MemberForgotten):
            self.forgotten.append(str(event.originator_id))
        if isinstance(event, PeopleNoteRecorded):
            self.rows.append(
                (
                    str(event.originator_id),
                    position,
                    event.product_id,
                    event.member_id,
                    event.author_id,
                    event.kind,
                    instant(event.timestamp),
                    event.title,
                    event.body,
                )
            )

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.upsert("people_records", self.rows)
        tx.executemany(
            "UPDATE people_records SET title = NULL, body = NULL WHERE member_id = ?",
            [(m,) for m in self.forgotten],
        )
