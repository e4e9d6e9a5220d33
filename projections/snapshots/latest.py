"""The library's own snapshots of each product, the latest two only.

The write side loads a product from its latest snapshot, and the views' replicas
realign from one at or before the version they are at; neither needs older ones
(time travel reads the checkpoints instead), so each new snapshot prunes those
before the previous one. That keeps the snapshot table a few products' worth,
where one snapshot every N versions of every product made it larger than the log.

A rebuild holds its snapshots back, the latest two of each product, until it is
swapped in: written as it went, a million-event rebuild wrote a thousand snapshots
to keep forty, and on PostgreSQL the pruned ones stayed on disk (107 MB of dead
rows against 4 MB live) until autovacuum came round.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresDatastore

from domain.product import Product


class LatestSnapshots:
    """Snapshots encoded as the follower passes them, stored after its commit."""

    def __init__(self, app: Application[uuid.UUID]) -> None:
        self.app = app
        self.pending: list[StoredEvent] = []
        self.held: dict[uuid.UUID, list[StoredEvent]] = {}
        self.previous: dict[uuid.UUID, int] = {}

    def forget(self) -> None:
        self.pending = []
        self.held = {}

    def take(self, product: Product, *, held: bool = False) -> None:
        """Encodes a snapshot of `product` for the next store(), or with `held` for the
        release() at the end of a rebuild (the product's latest two are kept)."""
        # Encoded now: later events of the batch go on mutating the replica.
        stored = self.app.mapper.to_stored_event(Product.Snapshot.take(product))
        if held:
            kept = self.held.setdefault(product.id, [])
            kept.append(stored)
            del kept[:-2]
        else:
            self.pending.append(stored)

    def release(self) -> None:
        """Stores the held snapshots."""
        held, self.held = self.held, {}
        self.pending.extend(stored for kept in held.values() for stored in kept)
        self.store()

    def store(self) -> None:
        snapshots = self.app.snapshots
        pending, self.pending = self.pending, []
        if snapshots is None or not pending:
            return
        for stored in pending:
            # A snapshot may exist already, e.g. taken by a rebuild meanwhile.
            with contextlib.suppress(IntegrityError):
                snapshots.recorder.insert_events([stored])
        taken: dict[uuid.UUID, list[int]] = {}
        for stored in pending:
            product_id = uuid.UUID(str(stored.originator_id))
            taken.setdefault(product_id, []).append(stored.originator_version)
        for product_id, versions in taken.items():
            before = self.previous.get(product_id)
            kept = sorted({*versions, *([] if before is None else [before])})[-2:]
            if len(kept) == 2:
                prune(snapshots.recorder, product_id, kept[0])
            self.previous[product_id] = kept[-1]


def prune(recorder: Any, product_id: uuid.UUID, keep_from: int) -> None:
    """Deletes the product's snapshots before version `keep_from`."""
    datastore = getattr(recorder, "datastore", None)
    if datastore is None:
        return  # the memory backend: nothing to reclaim on disk
    table = recorder.events_table_name
    with datastore.transaction(commit=True) as cursor:
        if isinstance(datastore, PostgresDatastore):
            cursor.execute(
                f'DELETE FROM "{datastore.schema}".{table} '
                "WHERE originator_id = %s AND originator_version < %s",
                (product_id, keep_from),
            )
        else:
            cursor.execute(
                f"DELETE FROM {table} WHERE originator_id = ? AND originator_version < ?",
                (product_id.hex, keep_from),
            )
