"""Chains each product's decisions as they are recorded: a log follower with its own
tracked position (DESIGN.md: what reacts to decisions outside the views follows the
log), so each hash is computed once, in position order, over the bytes the store holds.

It is never rebuilt: a chain recomputed from the store would absorb any tampering
with it. Its first run starts at the log's beginning, so decisions recorded before
the chain existed are chained then, from the same genesis (no previous hash)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.product import Product
from projections.audit_chain.canonical import StoredDecision, is_decision_topic, link_hash
from projections.audit_chain.tables import TABLES
from projections.engine.instants import instant
from projections.engine.view import LogFollower
from projections.engine.view_store import Tx

Link = tuple[int, str, int, str | None, str]
"""(position, product_id, version, previous_hash, hash)."""


class ChainFollower(LogFollower):
    """Links every product decision to the one before it on its product."""

    name = "audit_chain"
    tables = TABLES
    rebuildable: ClassVar[bool] = False

    def __init__(self, app: Application[uuid.UUID]) -> None:
        super().__init__(app)
        self.stored: dict[int, Notification] = {}
        self.heads: dict[str, str] = {}
        self.links: list[Link] = []
        self.log_head: int | None = None
        """The log's head, read before the batch's transaction until the genesis is known."""

    def forget(self) -> None:
        super().forget()
        self.stored.clear()
        self.heads.clear()
        self.links = []
        self.log_head = None

    def notice_stored(self, notifications: Sequence[Notification]) -> None:
        self.stored = {n.id: n for n in notifications}

    def prepare(self, events: Sequence[Any]) -> None:
        """No replica to load; the log's head for the genesis record, read here because
        inside the batch's transaction a second connection would wait on SQLite's writer."""
        if self.log_head != -1:
            self.log_head = self.replicas.app.recorder.max_notification_id() or 0

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        stored = self.stored.get(position)
        if stored is None or not is_decision_topic(stored.topic):
            return
        product_id = str(stored.originator_id)
        previous = self.heads.get(product_id) or stored_head(tx, product_id)
        decision = StoredDecision(
            position, product_id, stored.originator_version, stored.topic, stored.state
        )
        digest = link_hash(previous, decision)
        self.links.append((position, product_id, decision.version, previous, digest))
        self.heads[product_id] = digest

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        """A rebuild's pass (projections.engine.rebuild) does nothing here."""

    def flush(self, tx: Tx) -> None:
        if self.links and self.log_head != -1:
            if not tx.fetchall("SELECT 1 FROM audit_genesis"):
                tx.execute(
                    "INSERT INTO audit_genesis VALUES (1, ?, ?)",
                    (instant(datetime.now(UTC)), self.log_head or 0),
                )
            self.log_head = -1  # known from now on
        tx.executemany("INSERT INTO audit_chain VALUES (?, ?, ?, ?, ?)", self.links)
        self.links = []
        self.stored = {}


def stored_head(tx: Tx, product_id: str) -> str | None:
    """The hash of the product's latest chained decision."""
    rows = tx.fetchall(
        "SELECT hash FROM audit_chain WHERE product_id = ? ORDER BY position DESC LIMIT 1",
        (product_id,),
    )
    return str(rows[0][0]) if rows else None
