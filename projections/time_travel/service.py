"""Time travel: a product's views as they stood at a past instant, rebuilt from the
recorded decisions, never from a mutable copy.

An instant cuts the log into a prefix because recorded instants never decrease
along a product's versions (see decisions.audit.recorded_instant). The decisions view maps
the instant to the product version of the last decision at or before it; the
product is then reconstructed at that version from the nearest snapshot plus the
events after it (snapshots are taken by projections.snapshots every N versions; see
lazy_snapshot for why items are decoded only when read), and rendered by the same
functions as the live views.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from threading import Lock

from eventsourcing.application import AggregateNotFoundError, Application

from domain.product import Product
from projections.allocation.loads import member_loads
from projections.backlog import render
from projections.decisions.sync_queries import version_at, window_between
from projections.engine.view_store import ViewStore
from projections.rows import ItemRow, MemberLoadRow, Page
from projections.time_travel.lazy_snapshot import product_at_version
from projections.time_travel.retrospective import RetrospectiveReport, build_report


class TimeTravel:
    """Reconstructs products at past instants; caches by (product, version), which
    never changes once recorded."""

    def __init__(self, app: Application[uuid.UUID], store: ViewStore, cache_size: int = 64) -> None:
        self.app = app
        self.store = store
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, int], Product] = OrderedDict()
        self._lock = Lock()

    def clear_cache(self) -> None:
        """Forgets reconstructed products (benchmarks measure cold queries)."""
        with self._lock:
            self._cache.clear()

    def version_at(self, product_id: str, at: datetime) -> int | None:
        """The product version of the last decision recorded at or before `at`."""
        with self.store.transaction() as tx:
            return version_at(tx, product_id, at)

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
        return [] if product is None else member_loads(product)

    def items(self, product_id: str, at: datetime, ids: Iterable[str]) -> dict[str, ItemRow]:
        """The items among `ids` that existed at `at`, as they stood then, with their
        ranks then (only these are decoded and rendered)."""
        product = self.product_at(product_id, at)
        if product is None:
            return {}
        known = [i for i in dict.fromkeys(ids) if i in product.items]
        return {row.id: row for row in render.backlog_rows(product, None, known)}

    def retrospective(self, product_id: str, from_: datetime, to: datetime) -> RetrospectiveReport:
        """What changed in (from, to], with ranks asOf `from` and asOf `to`."""
        before = self.product_at(product_id, from_)
        after = self.product_at(product_id, to)
        with self.store.transaction() as tx:
            window = window_between(tx, product_id, from_, to)
        return build_report(from_, to, before, after, window)
