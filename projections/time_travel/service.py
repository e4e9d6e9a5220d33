"""Time travel: a product's views as they stood at a past instant, rebuilt from the
recorded decisions, never from a mutable copy.

An instant cuts the log into a prefix because recorded instants never decrease
along a product's versions (see decisions.audit.recorded_instant). The decisions view maps
the instant to the product version of the last decision at or before it. The
backlog at that version (a page, some items, a retrospective's standing) is read
from the time-travel store (projections.snapshots): the order at the checkpoint
before it with the moves since, and only the items shown, by index. Whatever needs
the whole product (allocation, risks, planning...) gets it from the checkpoint plus
at most N events (past_product). A version the store has not followed yet takes
that path too, so answers never depend on how far behind the store is.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from threading import Lock

from eventsourcing.application import AggregateNotFoundError, Application

from domain.product import Product
from domain.vocabulary import ItemStatus
from projections.allocation.loads import member_loads
from projections.backlog import render
from projections.decisions.sync_queries import version_at, window_between
from projections.engine.view_store import Tx, ViewStore
from projections.rows import ItemRow, MemberLoadRow, Page
from projections.snapshots.encoding import row_from
from projections.snapshots.queries import covered, order_at, stored_items
from projections.time_travel.past_product import product_at_version
from projections.time_travel.retrospective import RetrospectiveReport, Standing, build_report


class TimeTravel:
    """Reconstructs products at past instants; caches whole products by (product,
    version), which never changes once recorded."""

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
        with self.store.read() as tx:
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
            with self.store.read() as tx:
                product = product_at_version(self.app, tx, product_id, version)
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
        return self.backlog_page(product_id, at, statuses, first=1 << 30).rows

    def backlog_page(
        self,
        product_id: str,
        at: datetime,
        statuses: frozenset[str] | None = None,
        first: int = 100,
        offset: int = 0,
    ) -> Page[ItemRow]:
        """One page of the backlog at `at`: ranked items in order, then (asked by
        status) the unranked ones in proposal order; only the page's items are read."""
        with self.store.read() as tx:
            version = version_at(tx, product_id, at)
            if version is None:
                return Page([], has_next=False, total=0)
            read = _Followed.of(tx, product_id, version)
            if read is not None:
                return read.page(statuses, first, offset)
        product = self.product_at_version(product_id, version)
        ids = render.backlog_ids(product, statuses)
        rows = render.backlog_rows(product, statuses, ids[offset : offset + first])
        return Page(rows, has_next=offset + first < len(ids), total=len(ids))

    def allocation(self, product_id: str, at: datetime) -> list[MemberLoadRow]:
        product = self.product_at(product_id, at)
        return [] if product is None else member_loads(product)

    def items(self, product_id: str, at: datetime, ids: Iterable[str]) -> dict[str, ItemRow]:
        """The items among `ids` that existed at `at`, as they stood then, with their
        ranks then (only these are read)."""
        wanted = list(dict.fromkeys(ids))
        with self.store.read() as tx:
            version = version_at(tx, product_id, at)
            if version is None or not wanted:
                return {}
            read = _Followed.of(tx, product_id, version)
            if read is not None:
                return {row.id: row for row in read.rows(item_ids=wanted).values()}
        product = self.product_at_version(product_id, version)
        known = [i for i in wanted if i in product.items]
        return {row.id: row for row in render.backlog_rows(product, None, known)}

    def retrospective(self, product_id: str, from_: datetime, to: datetime) -> RetrospectiveReport:
        """What changed in (from, to], with ranks asOf `from` and asOf `to`."""
        with self.store.read() as tx:
            before, after = version_at(tx, product_id, from_), version_at(tx, product_id, to)
            window = window_between(tx, product_id, from_, to)
            read = None if after is None else _Followed.of(tx, product_id, after)
            if read is not None:
                rows = {r.id: r for r in read.rows().values()}
                standing = Standing(read.ranks, rows)
                return build_report(from_, to, read.ranks_at(before), standing, window)
        old = None if before is None else self.product_at_version(product_id, before)
        new = None if after is None else self.product_at_version(product_id, after)
        return build_report(from_, to, render.ranks(old) if old else {}, Standing.of(new), window)


class _Followed:
    """A version the time-travel store has followed: its order, and items on demand."""

    def __init__(self, tx: Tx, product_id: str, key: int, version: int) -> None:
        self.tx, self.product_id, self.key, self.version = tx, product_id, key, version
        self.order = order_at(tx, key, version)
        self.rank_of = {ikey: n + 1 for n, ikey in enumerate(self.order)}
        self.ids: dict[int, str] = {}

    @classmethod
    def of(cls, tx: Tx, product_id: str, version: int) -> _Followed | None:
        known = covered(tx, product_id)
        if known is None or known.version < version:
            return None
        return cls(tx, product_id, known.key, version)

    def rows(
        self, ikeys: list[int] | None = None, item_ids: list[str] | None = None
    ) -> dict[int, ItemRow]:
        """The rows of the items (all, or those asked for) by item key, ranked."""
        found = {}
        for ikey, item_id, item_version, work, text in stored_items(
            self.tx, self.key, self.version, ikeys, item_ids
        ):
            key = int(ikey)
            self.ids[key] = item_id
            rank = self.rank_of.get(key)
            found[key] = row_from(self.product_id, item_id, text, work, int(item_version), rank)
        return found

    @property
    def ranks(self) -> dict[str, int]:
        """Ranks by item id (of the items read so far)."""
        return {self.ids[k]: rank for k, rank in self.rank_of.items() if k in self.ids}

    def ranks_at(self, version: int | None) -> dict[str, int]:
        """Ranks by item id at an earlier version (of the items read so far)."""
        if version is None:
            return {}
        order = order_at(self.tx, self.key, version)
        return {self.ids[k]: n + 1 for n, k in enumerate(order) if k in self.ids}

    def page(self, statuses: frozenset[str] | None, first: int, offset: int) -> Page[ItemRow]:
        if statuses is None:
            chosen = self.order[offset : offset + first]
            rows = self.rows(ikeys=chosen)
            return Page(
                [rows[k] for k in chosen],
                has_next=offset + first < len(self.order),
                total=len(self.order),
            )
        every = self.rows()
        ranked = [k for k in self.order if every[k].status in statuses]
        unranked = [
            k for k, row in every.items() if row.status in statuses and row.status in UNRANKED
        ]
        chosen = (ranked + unranked)[offset : offset + first]
        return Page(
            [every[k] for k in chosen],
            has_next=offset + first < len(ranked) + len(unranked),
            total=len(ranked) + len(unranked),
        )


UNRANKED = frozenset(status.value for status in ItemStatus if not status.is_ranked)
