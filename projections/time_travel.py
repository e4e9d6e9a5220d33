"""Time travel: a product's views as they stood at a past instant, rebuilt from the
recorded decisions, never from a mutable copy.

An instant cuts the log into a prefix because recorded instants never decrease
along a product's versions (see audit.recorded_instant). The decisions view maps
the instant to the product version of the last decision at or before it; the
product is then reconstructed at that version from the nearest snapshot plus the
events after it (snapshots are taken by the backlog runner every N versions; see
lazy_snapshot for why items are decoded only when read), and rendered by the same
functions as the live views.
"""

from __future__ import annotations

import uuid
import weakref
from collections import OrderedDict
from datetime import datetime
from threading import Lock

from eventsourcing.application import AggregateNotFoundError, Application

from domain.product import Product
from projections import render
from projections.lazy_snapshot import product_at_version
from projections.reader_sync import window_between
from projections.retrospective import RetrospectiveReport, build_report
from projections.rows import ItemRow, MemberLoadRow, Page
from projections.store import ViewStore
from projections.views import instant


class TimeTravel:
    """Reconstructs products at past instants; caches by (product, version), which
    never changes once recorded."""

    def __init__(self, app: Application[uuid.UUID], store: ViewStore, cache_size: int = 64) -> None:
        self.app = app
        self.store = store
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, int], Product] = OrderedDict()
        self._lock = Lock()
        _TRAVELS[app] = self

    def clear_cache(self) -> None:
        """Forgets reconstructed products (benchmarks measure cold queries)."""
        with self._lock:
            self._cache.clear()

    def version_at(self, product_id: str, at: datetime) -> int | None:
        """The product version of the last decision recorded at or before `at`."""
        # The last instant at or before `at` is one step down the (product_id, at)
        # index, then only the decisions at that instant are read; MAX(version) over
        # `at <= ?` alone would read the product's whole history before `at`.
        with self.store.transaction() as tx:
            rows = tx.fetchall(
                "SELECT MAX(version) FROM decisions WHERE product_id = ? AND at = "
                "(SELECT MAX(at) FROM decisions WHERE product_id = ? AND at <= ?)",
                (product_id, product_id, instant(at)),
            )
        value = rows[0][0] if rows else None
        return int(value) if value is not None else None

    def product_at(self, product_id: str, at: datetime) -> Product | None:
        """The product as it stood at `at`; None before it existed."""
        version = self.version_at(product_id, at)
        return None if version is None else self.product_at_version(product_id, version)

    def product_at_version(self, product_id: str, version: int) -> Product:
        key = (product_id, version)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        try:
            product = product_at_version(self.app, uuid.UUID(product_id), version)
        except AggregateNotFoundError:
            raise LookupError(f"no product {product_id} at version {version}") from None
        with self._lock:
            self._cache[key] = product
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return product

    def backlog(
        self, product_id: str, at: datetime, statuses: frozenset[str] | None = None
    ) -> list[ItemRow]:
        product = self.product_at(product_id, at)
        return [] if product is None else render.backlog_rows(product, statuses)

    def backlog_page(
        self,
        product_id: str,
        at: datetime,
        statuses: frozenset[str] | None = None,
        first: int = 100,
        offset: int = 0,
    ) -> Page[ItemRow]:
        """One page of the backlog at `at`: only its items are decoded and rendered."""
        product = self.product_at(product_id, at)
        if product is None:
            return Page([], has_next=False, total=0)
        ids = render.backlog_ids(product, statuses)
        rows = render.backlog_rows(product, statuses, ids[offset : offset + first])
        return Page(rows, has_next=offset + first < len(ids), total=len(ids))

    def allocation(self, product_id: str, at: datetime) -> list[MemberLoadRow]:
        product = self.product_at(product_id, at)
        return [] if product is None else render.member_loads(product)

    def retrospective(self, product_id: str, from_: datetime, to: datetime) -> RetrospectiveReport:
        """What changed in (from, to], with ranks asOf `from` and asOf `to`."""
        before = self.product_at(product_id, from_)
        after = self.product_at(product_id, to)
        with self.store.transaction() as tx:
            window = window_between(tx, product_id, from_, to)
        return build_report(from_, to, before, after, window)


_TRAVELS: weakref.WeakKeyDictionary[Application[uuid.UUID], TimeTravel] = (
    weakref.WeakKeyDictionary()
)


def _of(app: Application[uuid.UUID]) -> TimeTravel:
    try:
        return _TRAVELS[app]
    except KeyError:
        raise RuntimeError("time travel is not wired: build with api.composition.build") from None


def backlog_as_of(
    app: Application[uuid.UUID],
    product_id: str,
    at: datetime,
    statuses: frozenset[str] | None = None,
) -> list[ItemRow]:
    """The backlog rows as they stood at `at` (ranked items; others if asked by status)."""
    return _of(app).backlog(product_id, at, statuses)


def backlog_page_as_of(
    app: Application[uuid.UUID],
    product_id: str,
    at: datetime,
    statuses: frozenset[str] | None = None,
    first: int = 100,
    offset: int = 0,
) -> Page[ItemRow]:
    """A page of the backlog as it stood at `at`, with the total (cheaper than
    backlog_as_of on long backlogs: only the page's items are rendered)."""
    return _of(app).backlog_page(product_id, at, statuses, first, offset)


def allocation_as_of(
    app: Application[uuid.UUID], product_id: str, at: datetime
) -> list[MemberLoadRow]:
    return _of(app).allocation(product_id, at)


def retrospective(
    app: Application[uuid.UUID], product_id: str, from_: datetime, to: datetime
) -> RetrospectiveReport:
    return _of(app).retrospective(product_id, from_, to)
