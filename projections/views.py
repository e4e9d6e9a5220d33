"""The three views: each folds decision events into rows, then stores what a batch
touched. The fold is the events' own evolution of a product replica plus the pure
render and audit functions; storage is a few upserts per touched product."""

from __future__ import annotations

import contextlib
import json
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError

from domain.member import MemberRegistered
from domain.product import Product
from domain.product_events import ProductCreated, ProductDecision
from projections import render
from projections.audit import decision_row, recorded_instant
from projections.replicas import ProductReplicas
from projections.rows import DecisionRow
from projections.store import Tx


def instant(value: datetime) -> str:
    """The one text form of an instant: UTC, microseconds, fixed width, sortable."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def parse_instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


@dataclass
class Batch:
    """What a batch touched, flushed in one transaction with the tracking position."""

    products: dict[str, Product] = field(default_factory=dict)
    items: dict[str, set[str]] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)
    decisions: list[DecisionRow] = field(default_factory=list)
    clocks: dict[str, tuple[int, datetime]] = field(default_factory=dict)


class View(ABC):
    """A materialized view that follows the decision log."""

    name: ClassVar[str]
    version_table: ClassVar[str]

    def __init__(self, app: Application[uuid.UUID]) -> None:
        self.replicas = ProductReplicas(app)
        self.batch = Batch()

    def forget(self) -> None:
        """Drops in-memory state after a failed transaction; it reloads from the store."""
        self.replicas.forget()
        self.batch = Batch()

    def prepare(self, events: Sequence[Any]) -> None:
        """Reads what the batch needs from the event store, before its transaction."""
        self.replicas.align(events)

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, MemberRegistered):
            self.batch.members[str(event.originator_id)] = event.name
        elif isinstance(event, ProductCreated | ProductDecision):
            product = self.replicas.apply(event, lambda pid: self.stored_version(tx, pid))
            self.observe(event, product, position, tx)

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        """A product event, once `product` has evolved by it (a rebuild of several
        views evolves one shared replica and calls this on each)."""
        product_id = str(product.id)
        self.batch.products[product_id] = product
        item_id = getattr(event, "item_id", None)
        if item_id is not None:
            self.batch.items.setdefault(product_id, set()).add(item_id)
        self.record(event, product, position, tx)

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:  # noqa: B027
        """Per-event work beyond evolving the product (the audit view's rows)."""

    def stored_version(self, tx: Tx, product_id: str) -> int | None:
        rows = tx.fetchall(
            f"SELECT version FROM {self.version_table} WHERE product_id = ?", (product_id,)
        )
        return int(rows[0][0]) if rows else None

    def flush(self, tx: Tx) -> None:
        self.write(tx, self.batch)
        self.batch = Batch()

    def after_commit(self) -> None:  # noqa: B027
        """Work that must follow the batch's commit."""

    @abstractmethod
    def write(self, tx: Tx, batch: Batch) -> None: ...


class BacklogView(View):
    """Products, memberships, goals and items, with the backlog order. As it goes it
    also snapshots each product every `snapshot_interval` versions, so time travel
    replays at most that many events."""

    name = "backlog"
    version_table = "backlog_products"

    def __init__(self, app: Application[uuid.UUID], snapshot_interval: int = 100) -> None:
        super().__init__(app)
        self.snapshot_interval = snapshot_interval
        self.pending_snapshots: list[Any] = []
        self.snapshot_versions: dict[str, set[int]] = {}

    def write(self, tx: Tx, batch: Batch) -> None:
        tx.executemany(
            "INSERT INTO backlog_members (member_id, name) VALUES (?, ?) "
            "ON CONFLICT (member_id) DO UPDATE SET name = excluded.name",
            list(batch.members.items()),
        )
        for product in batch.products.values():
            self.write_product(tx, product, batch.items.get(str(product.id), set()))

    def forget(self) -> None:
        super().forget()
        self.pending_snapshots = []
        self.snapshot_versions.clear()

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        if self.snapshot_interval > 0 and product.version % self.snapshot_interval == 0:
            taken = self.stored_snapshots(tx, str(product.id))
            if product.version in taken:
                # A rebuild passes versions the live runner snapshotted already:
                # encoding the whole product again would dominate the rebuild.
                return
            # Encoded now: later events of this batch go on mutating the replica.
            snapshot = Product.Snapshot.take(product)
            self.pending_snapshots.append(self.replicas.app.mapper.to_stored_event(snapshot))
            taken.add(product.version)

    def stored_snapshots(self, tx: Tx, product_id: str) -> set[int]:
        """Versions of the product that have a stored snapshot (read once per product)."""
        known = self.snapshot_versions.get(product_id)
        if known is None:
            known = self.snapshot_versions[product_id] = set(
                self._snapshot_versions(tx, product_id)
            )
        return known

    def _snapshot_versions(self, tx: Tx, product_id: str) -> list[int]:
        app = self.replicas.app
        if app.snapshots is None:
            return []
        recorder = app.snapshots.recorder
        if getattr(app.factory, "datastore", None) is None:
            # The memory backend: its snapshots are not in the views' database.
            return [e.originator_version for e in recorder.select_events(uuid.UUID(product_id))]
        table = recorder.events_table_name  # type: ignore[attr-defined]
        # Stored as uuid on PostgreSQL, as the uuid's hex on SQLite (as the library does).
        key: Any = uuid.UUID(product_id) if tx.postgres else uuid.UUID(product_id).hex
        rows = tx.fetchall(
            f"SELECT originator_version FROM {table} WHERE originator_id = ?", (key,)
        )
        return [int(row[0]) for row in rows]

    def after_commit(self) -> None:
        """Stores the batch's snapshots once its rows are committed (on SQLite the
        event store's single writer would otherwise wait on this transaction)."""
        snapshots = self.replicas.app.snapshots
        pending, self.pending_snapshots = self.pending_snapshots, []
        if snapshots is None or not pending:
            return
        try:
            snapshots.recorder.insert_events(pending)
        except IntegrityError:
            for stored in pending:
                # A snapshot may exist already, e.g. taken by another runner.
                with contextlib.suppress(IntegrityError):
                    snapshots.recorder.insert_events([stored])

    @staticmethod
    def write_product(tx: Tx, product: Product, touched: set[str]) -> None:
        pid = str(product.id)
        row = render.product_row(product)
        tx.execute(
            "INSERT INTO backlog_products VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (product_id) "
            "DO UPDATE SET name = excluded.name, vision = excluded.vision, "
            "backlog_version = excluded.backlog_version, version = excluded.version, "
            "order_ids = excluded.order_ids",
            (
                pid,
                row.name,
                row.vision,
                row.backlog_version,
                row.version,
                json.dumps(product.order),
            ),
        )
        tx.execute("DELETE FROM backlog_memberships WHERE product_id = ?", (pid,))
        tx.executemany(
            "INSERT INTO backlog_memberships VALUES (?, ?, ?)",
            [(m.product_id, m.member_id, m.role) for m in render.membership_rows(product)],
        )
        tx.executemany(
            "INSERT INTO backlog_goals VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (goal_id) "
            "DO NOTHING",
            [
                (
                    g.id,
                    pid,
                    seq,
                    g.title,
                    g.metric,
                    instant(g.target_date) if g.target_date else None,
                    g.status,
                )
                for seq, g in enumerate(render.goal_rows(product))
            ],
        )
        tx.executemany(
            "INSERT INTO backlog_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (item_id) DO UPDATE SET description = excluded.description, "
            "status = excluded.status, estimate = excluded.estimate, "
            "criteria = excluded.criteria, version = excluded.version, "
            "assignments = excluded.assignments",
            [
                (
                    item.id,
                    pid,
                    seq,
                    item.title,
                    item.description,
                    item.kind.value,
                    item.status.value,
                    item.estimate,
                    json.dumps(item.acceptance_criteria),
                    item.version,
                    json.dumps(item.assignments),
                )
                for seq, item in enumerate(product.items.values())
                if item.id in touched
            ],
        )


class AllocationView(View):
    """Per product and member: capacity, allocated share and the items."""

    name = "allocation"
    version_table = "allocation_products"

    def write(self, tx: Tx, batch: Batch) -> None:
        for product in batch.products.values():
            pid = str(product.id)
            tx.execute(
                "INSERT INTO allocation_products VALUES (?, ?) ON CONFLICT (product_id) "
                "DO UPDATE SET version = excluded.version",
                (pid, product.version),
            )
            tx.execute("DELETE FROM allocation_loads WHERE product_id = ?", (pid,))
            tx.executemany(
                "INSERT INTO allocation_loads VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        pid,
                        load.member_id,
                        seq,
                        load.capacity_percent,
                        load.allocated_percent,
                        json.dumps(load.item_ids),
                    )
                    for seq, load in enumerate(render.member_loads(product))
                ],
            )


class DecisionsView(View):
    """The audit trail: one row per decision, at a recorded instant that never decreases."""

    name = "decisions"
    version_table = "decisions_products"

    def __init__(self, app: Application[uuid.UUID]) -> None:
        super().__init__(app)
        self.names: dict[str, str] = {}

    def forget(self) -> None:
        super().forget()
        self.names.clear()

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, MemberRegistered):
            self.names[str(event.originator_id)] = event.name
        super().handle(event, position, tx)

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        pid = str(product.id)
        previous = self.batch.clocks.get(pid)
        last_at = previous[1] if previous else self.stored_clock(tx, pid)
        at = recorded_instant(event.timestamp, last_at)
        names = _Names(self.names, tx)
        self.batch.decisions.append(decision_row(event, product, position, at, names))
        self.batch.clocks[pid] = (product.version, at)

    @staticmethod
    def stored_clock(tx: Tx, product_id: str) -> datetime | None:
        rows = tx.fetchall(
            "SELECT last_at FROM decisions_products WHERE product_id = ?", (product_id,)
        )
        return parse_instant(rows[0][0]) if rows else None

    def write(self, tx: Tx, batch: Batch) -> None:
        tx.executemany(
            "INSERT INTO decisions_members VALUES (?, ?) ON CONFLICT (member_id) "
            "DO UPDATE SET name = excluded.name",
            list(batch.members.items()),
        )
        tx.executemany(
            "INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                for d in batch.decisions
            ],
        )
        tx.executemany(
            "INSERT INTO decisions_products VALUES (?, ?, ?) ON CONFLICT (product_id) "
            "DO UPDATE SET version = excluded.version, last_at = excluded.last_at",
            [(pid, version, instant(at)) for pid, (version, at) in batch.clocks.items()],
        )


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


VIEWS: tuple[type[View], ...] = (BacklogView, AllocationView, DecisionsView)
