"""What the runners drive: a log follower evolving a replica of each product, and a
view, a follower that stores rows. A batch's work is flushed in one transaction
with the follower's tracking position."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from eventsourcing.application import Application

from domain.member import MemberRegistered
from domain.people_events import MemberForgotten
from domain.personal_data import FORGOTTEN_NAME
from domain.product import Product
from domain.product_events import ProductCreated, ProductDecision
from projections.engine.replicas import ProductReplicas
from projections.engine.view_store import Tx, ViewStore


class LogFollower(ABC):
    """Follows the decision log with its own tracked position (run by a Runner)."""

    name: ClassVar[str]
    tables: ClassVar[Sequence[str]] = ()
    """Its tables' DDL; a rebuild creates them under a suffix, then swaps them in."""
    outbox: ClassVar[Sequence[str]] = ()
    """DDL of tables it writes that a rebuild keeps (never renamed, never swapped)."""
    rebuildable: ClassVar[bool] = True
    """False for a follower whose rows must never be recomputed (the audit chain)."""

    def __init__(self, app: Application[uuid.UUID]) -> None:
        self.replicas = ProductReplicas(app)

    def forget(self) -> None:
        """Drops in-memory state after a failed transaction; it reloads from the store."""
        self.replicas.forget()

    def notice_stored(self, notifications: Sequence[Any]) -> None:  # noqa: B027
        """The batch as stored, before it is handled (the audit chain hashes these)."""

    def prepare(self, events: Sequence[Any]) -> None:
        """Reads what the batch needs from the event store, before its transaction."""
        self.replicas.align(events)

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, ProductCreated | ProductDecision):
            product = self.replicas.apply(event, lambda pid: self.stored_version(tx, pid))
            self.observe(event, product, position, tx)

    def stored_version(self, tx: Tx, product_id: str) -> int | None:
        """The product version this follower's rows show (None: it keeps no rows)."""
        return None

    @abstractmethod
    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        """A product event, once `product` has evolved by it (a rebuild of several
        followers evolves one shared replica and calls this on each)."""

    @abstractmethod
    def flush(self, tx: Tx) -> None:
        """Writes what the batch touched, in the batch's transaction."""

    def after_commit(self) -> None:  # noqa: B027
        """Work that must follow the batch's commit."""

    def swapped_in(self) -> None:  # noqa: B027
        """Work a rebuild held back until its tables are the live ones."""

    def start_beside(self, store: ViewStore, working: Callable[[], bool]) -> None:  # noqa: B027
        """Starts work that runs beside the follower (webhook sending) while `working()`
        says this process is the projections worker."""

    def stop_beside(self) -> None:  # noqa: B027
        """Stops what start_beside started."""

    def wake_beside(self) -> None:  # noqa: B027
        """Work beside has more to do, from outside the log (NOTIFY tandem_beside)."""


@dataclass
class Touched:
    """What a batch touched, flushed in one transaction with the tracking position."""

    products: dict[str, Product] = field(default_factory=dict)
    items: dict[str, set[str]] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)

    def add(self, event: Any, product: Product) -> None:
        """A product event, once `product` has evolved by it."""
        product_id = str(product.id)
        self.products[product_id] = product
        item_id = getattr(event, "item_id", None)
        if item_id is not None:
            self.items.setdefault(product_id, set()).add(item_id)

    def merge(self, other: Touched) -> None:
        """Adds what `other` touched (the later of the two)."""
        self.products.update(other.products)
        for product_id, items in other.items.items():
            self.items.setdefault(product_id, set()).update(items)
        self.members.update(other.members)


class View(LogFollower):
    """A materialized view: rows for what each batch touched."""

    version_table: ClassVar[str]

    def __init__(self, app: Application[uuid.UUID]) -> None:
        super().__init__(app)
        self.written: dict[str, Any] = {}
        """What the view last wrote of each key it keeps here, so a batch can skip a
        read or a write of it; forgotten with the view (a failed batch, a restart),
        when the table may hold something else."""
        self.new_batch()

    def forget(self) -> None:
        super().forget()
        self.written.clear()
        self.new_batch()

    def new_batch(self) -> None:
        """Empties what a batch collects for its write: at the start, after each flush,
        and when a failed batch is forgotten (a view that collects more extends it)."""
        self.touched = Touched()

    def handle(self, event: Any, position: int, tx: Tx) -> None:
        if isinstance(event, MemberRegistered):
            self.touched.members[str(event.originator_id)] = event.name
        elif isinstance(event, MemberForgotten):
            self.touched.members[str(event.originator_id)] = FORGOTTEN_NAME
        super().handle(event, position, tx)

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        self.touched.add(event, product)
        self.record(event, product, position, tx)

    def record(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        """Per-event work beyond evolving the product (the audit view's rows)."""

    @classmethod
    def observes_by_touched(cls) -> bool:
        """Whether observing only adds to `touched`, then records: a rebuild of several
        such views then keeps one Touched for all of them (see rebuild.Pass)."""
        return cls.observe is View.observe

    @classmethod
    def records(cls) -> bool:
        """Whether it records anything of each event itself."""
        return cls.record is not View.record

    def stored_version(self, tx: Tx, product_id: str) -> int | None:
        rows = tx.fetchall(
            f"SELECT version FROM {self.version_table} WHERE product_id = ?", (product_id,)
        )
        return int(rows[0][0]) if rows else None

    def write_version(self, tx: Tx, product_id: str, version: int) -> None:
        """Records the product version the view's rows are at (two-column tables)."""
        tx.upsert(self.version_table, [(product_id, version)], update=("version",))

    def flush(self, tx: Tx) -> None:
        self.write(tx, self.touched)
        self.new_batch()

    @abstractmethod
    def write(self, tx: Tx, touched: Touched) -> None: ...


class NonProductView(View):
    """A view of events that are not a product's (members, people records): it keeps no
    replica and no product version, and handles each event itself."""

    version_table = ""

    def prepare(self, events: Sequence[Any]) -> None:
        """Reads nothing: product events are not this view's."""

    def observe(self, event: Any, product: Product, position: int, tx: Tx) -> None:
        """Product events add nothing to it."""


class ProductRowsView(View):
    """A view whose rows are per product, rewritten whole for each touched product
    beside the version they are at."""

    def write(self, tx: Tx, touched: Touched) -> None:
        for product in touched.products.values():
            product_id = str(product.id)
            self.write_version(tx, product_id, product.version)
            self.write_product(tx, product_id, product)

    @abstractmethod
    def write_product(self, tx: Tx, product_id: str, product: Product) -> None:
        """Rewrites the rows of one touched product."""
