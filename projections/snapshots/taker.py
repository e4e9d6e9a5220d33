"""Takes a snapshot of each product every `interval` versions as it follows the log,
so time travel replays at most that many events (time_travel.lazy_snapshot)."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, StoredEvent

from domain.product import Product
from projections.engine.view import LogFollower
from projections.engine.view_store import Tx


class SnapshotTaker(LogFollower):
    """A log follower with its own tracked position that writes no view rows: it
    stores product snapshots in the event store's snapshot table, after its batch
    commits (on SQLite the event store's single writer would otherwise wait on the
    batch's transaction). A crash between the two loses only those snapshots: time
    travel then replays a few more events, and `tandem rebuild` takes them again."""

    name = "snapshots"

    def __init__(self, app: Application[uuid.UUID], interval: int = 100) -> None:
        super().__init__(app)
        self.interval = interval
        self.pending: list[StoredEvent] = []
        self.versions: dict[str, set[int]] = {}

    def forget(self) -> None:
        super().forget()
        self.pending = []
        self.versions.clear()

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        if self.interval <= 0 or product.version % self.interval:
            return
        taken = self.stored(tx, str(product.id))
        if product.version in taken:
            # A rebuild passes versions the live follower snapshotted already:
            # encoding the whole product again would dominate the rebuild.
            return
        # Encoded now: later events of this batch go on mutating the replica.
        snapshot = Product.Snapshot.take(product)
        self.pending.append(self.replicas.app.mapper.to_stored_event(snapshot))
        taken.add(product.version)

    def flush(self, tx: Tx) -> None:
        """No rows of its own: the snapshots are stored after the commit."""

    def after_commit(self) -> None:
        snapshots = self.replicas.app.snapshots
        pending, self.pending = self.pending, []
        if snapshots is None or not pending:
            return
        try:
            snapshots.recorder.insert_events(pending)
        except IntegrityError:
            for stored in pending:
                # A snapshot may exist already, e.g. taken by a rebuild meanwhile.
                with contextlib.suppress(IntegrityError):
                    snapshots.recorder.insert_events([stored])

    def stored(self, tx: Tx, product_id: str) -> set[int]:
        """Versions of the product that have a stored snapshot (read once per product)."""
        known = self.versions.get(product_id)
        if known is None:
            known = self.versions[product_id] = set(self._stored(tx, product_id))
        return known

    def _stored(self, tx: Tx, product_id: str) -> list[int]:
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
