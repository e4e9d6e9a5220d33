"""The decisions view's fold and writes: one audit row per decision (decisions.audit
says what it means), at a recorded instant that never decreases per product."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from eventsourcing.application import Application

from domain.member import MemberRegistered
from domain.people_events import MemberForgotten
from domain.personal_data import FORGOTTEN_NAME
from domain.product import Product
from projections.decisions.audit import decision_row, recorded_instant
from projections.decisions.tables import TABLES
from projections.engine.instants import instant, parse_instant
from projections.engine.view import Touched, View
from projections.engine.view_store import Tx
from projections.members.erasure import erase_name
from projections.rows import DecisionRow


class DecisionsView(View):
    """The audit trail: one row per decision, at a recorded instant that never decreases."""

    name = "decisions"
    tables = TABLES
    version_table = "decisions_products"

    def __init__(self, app: Application[uuid.UUID]) -> None:
        super().__init__(app)
        self.names: dict[str, str] = {}

    def forget(self) -> None:
        super().forget()
        self.names.clear()

    def new_batch(self) -> None:
        super().new_batch()
        self.rows: list[DecisionRow] = []
        self.erased: list[str | None] = []
        """Names of members forgotten in this batch, erased from its rows at write."""
        self.clocks: dict[str, tuple[int, datetime]] = {}

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, MemberRegistered):
            self.names[str(event.originator_id)] = event.name
        elif isinstance(event, MemberForgotten):
            member_id = str(event.originator_id)
            self.erased.append(_Names(self.names, tx).get(member_id))
            self.names[member_id] = FORGOTTEN_NAME
        super().handle(event, position, tx)

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        pid = str(product.id)
        previous = self.clocks.get(pid)
        # Each product's last instant as written is kept (View.written): read from the
        # table only after a restart or a failed batch, since a read in the batch's
        # pipelined transaction waits for every statement sent before it.
        last_at = previous[1] if previous else (self.written.get(pid) or self.stored_clock(tx, pid))
        at = recorded_instant(event.timestamp, last_at)
        names = _Names(self.names, tx)
        self.rows.append(decision_row(event, product, position, at, names))
        self.clocks[pid] = (product.version, at)

    @staticmethod
    def stored_clock(tx: Tx, product_id: str) -> datetime | None:
        rows = tx.fetchall(
            "SELECT last_at FROM decisions_products WHERE product_id = ?", (product_id,)
        )
        return parse_instant(rows[0][0]) if rows else None

    def write(self, tx: Tx, touched: Touched) -> None:
        tx.upsert("decisions_members", touched.members.items(), update=("name",))
        tx.insert(
            "decisions",
            [
                (
                    d.position,
                    d.id,
                    d.product_id,
                    d.version,
                    instant(d.at),
                    d.actor_id,
                    d.role,
                    d.type,
                    d.subject_id,
                    d.rationale,
                    d.summary,
                    json.dumps([[c.field, c.before, c.after] for c in d.changes]),
                )
                for d in self.rows
            ],
        )
        tx.upsert(
            "decisions_products",
            [(pid, version, instant(at)) for pid, (version, at) in self.clocks.items()],
            update=("version", "last_at"),
        )
        self.written.update((pid, at) for pid, (_, at) in self.clocks.items())
        for name in self.erased:
            erase_name(tx, name, "decisions", "position", ("summary", "changes"))


class _Names(dict[str, str]):
    """Member names for summaries: this view's cache, then its table."""

    def __init__(self, cache: dict[str, str], tx: Tx) -> None:
        super().__init__()
        self.cache = cache
        self.tx = tx

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self.cache:
            rows = self.tx.fetchall(
                "SELECT name FROM decisions_members WHERE member_id = ?", (key,)
            )
            if not rows:
                return default
            self.cache[key] = rows[0][0]
        return self.cache[key]
