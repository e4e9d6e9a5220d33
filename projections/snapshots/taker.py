"""Follows the log into the time-travel store (tables.py), so an asOf page is a few
indexed queries and any past product is a checkpoint plus at most N events.

Per item decision it writes one small change row (the work only when it changed,
the text only when that changed); every `interval` versions of a product, a
checkpoint: the order, the counters, and the rest of the product when it changed.
It also keeps the library's own snapshot of each product, the latest two only,
every ten checkpoints: the write side and the views' replicas load from them.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.application import Application

from domain.product import Product
from domain.product_events import ItemProposed
from projections.engine.instants import instant
from projections.engine.view import LogFollower
from projections.engine.view_store import Tx
from projections.snapshots import encoding as enc
from projections.snapshots.latest import LatestSnapshots
from projections.snapshots.tables import TABLES

LIBRARY_EVERY = 10
"""Checkpoints between two of the library's snapshots of a product."""


class SnapshotTaker(LogFollower):
    """A log follower with its own tracked position whose rows commit with it."""

    name = "snapshots"
    tables = TABLES

    def __init__(self, app: Application[uuid.UUID], interval: int = 100) -> None:
        super().__init__(app)
        self.interval = interval
        self.latest = LatestSnapshots(app)
        self.keys: dict[str, int] = {}
        self.item_keys: dict[str, dict[str, int]] = {}
        self.stored_item: dict[tuple[str, str], tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        """Each item's text and work fields as last stored: an item decision that leaves
        them as they were is not encoded (most decisions move an item, nothing else)."""
        self.stored_rest: dict[str, tuple[int, bytes]] = {}
        self.reset()

    def reset(self) -> None:
        self.versions: dict[str, int] = {}
        self.rows: dict[str, list[tuple[Any, ...]]] = {
            "items": [],
            "changes": [],
            "texts": [],
            "checkpoints": [],
            "rests": [],
        }

    def forget(self) -> None:
        super().forget()
        self.keys.clear()
        self.item_keys.clear()
        self.stored_item.clear()
        self.stored_rest.clear()
        self.latest.forget()
        self.reset()

    def stored_version(self, tx: Tx, product_id: str) -> int | None:
        rows = tx.fetchall("SELECT version FROM past_products WHERE product_id = ?", (product_id,))
        return int(rows[0][0]) if rows else None

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        product_id = str(product.id)
        key = self.product_key(tx, product_id)
        version = product.version
        self.versions[product_id] = version
        item_id = getattr(event, "item_id", None)
        if item_id is not None and item_id in product.items:
            self.item_changed(product, key, item_id, isinstance(event, ItemProposed))
        if self.interval > 0 and version % self.interval == 0:
            self.checkpoint(product, key)
            if version % (self.interval * LIBRARY_EVERY) == 0:
                self.latest.take(product, held=tx.bulk is not None)

    def item_changed(self, product: Product, key: int, item_id: str, proposed: bool) -> None:
        product_id, version = str(product.id), product.version
        item = product.items[item_id]
        ikey = self.keys_of(product).get(item_id)
        if ikey is None:
            ikey = self.item_keys[product_id][item_id] = len(product.items)
        if proposed:
            self.rows["items"].append((key, ikey, item_id, version))
        text, work = enc.text_fields(item), enc.work_fields(item)
        before = self.stored_item.get((product_id, item_id))
        if before is None or before[0] != text:
            self.rows["texts"].append((key, ikey, version, enc.item_text(item)))
        changed = before is None or before[1] != work
        self.stored_item[(product_id, item_id)] = (text, work)
        rank = product.order.index(item_id) + 1 if item_id in product.order else None
        self.rows["changes"].append(
            (key, version, ikey, item.version, rank, enc.item_work(item) if changed else None)
        )

    def keys_of(self, product: Product) -> dict[str, int]:
        """Item keys: 1 + the item's place among the product's items, in proposal order."""
        product_id = str(product.id)
        keys = self.item_keys.get(product_id)
        if keys is None:
            keys = self.item_keys[product_id] = {i: n + 1 for n, i in enumerate(product.items)}
        return keys

    def checkpoint(self, product: Product, key: int) -> None:
        product_id = str(product.id)
        keys = self.keys_of(product)
        rest = enc.rest_of(self.replicas.app.mapper, product)
        stored = self.stored_rest.get(product_id)
        if stored is None or stored[1] != rest:
            stored = self.stored_rest[product_id] = (product.version, rest)
            self.rows["rests"].append((key, product.version, rest))
        order = enc.pack_order([keys[i] for i in product.order])
        modified = instant(product.modified_on)
        row = (key, product.version, order, product.backlog_version, modified, stored[0])
        self.rows["checkpoints"].append(row)

    def product_key(self, tx: Tx, product_id: str) -> int:
        key = self.keys.get(product_id)
        if key is None:
            rows = tx.fetchall("SELECT pkey FROM past_products WHERE product_id = ?", (product_id,))
            if not rows:
                rows = tx.fetchall("SELECT COALESCE(MAX(pkey), 0) + 1 FROM past_products")
                tx.execute(
                    "INSERT INTO past_products (product_id, pkey, version) VALUES (?, ?, 0)",
                    (product_id, rows[0][0]),
                )
            key = self.keys[product_id] = int(rows[0][0])
        return key

    def flush(self, tx: Tx) -> None:
        """The batch's rows: one statement per table while following the log, COPY
        (PostgreSQL) or one prepared executemany (SQLite) in a rebuild's transaction."""
        rows = self.rows
        for table in ("items", "changes", "texts", "rests", "checkpoints"):
            tx.insert(f"past_{table}", rows[table])
        tx.executemany(
            "UPDATE past_products SET version = ? WHERE product_id = ?",
            [(version, product_id) for product_id, version in self.versions.items()],
        )
        self.reset()

    def after_commit(self) -> None:
        """The library's snapshots go to the event store after the commit (on SQLite its
        single writer would otherwise wait on the batch's transaction); a crash in
        between loses only those, and the write side then replays a few more events."""
        self.latest.store()

    def swapped_in(self) -> None:
        self.latest.release()
