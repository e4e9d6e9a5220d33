"""Workload 5: rebuilding every view from a long log (what `tandem rebuild` does)
against a read-only scan of the same log through the library (select_notifications
in pages, each notification mapped to its domain event): events per second.

The snapshots are taken before (`tandem rebuild snapshots`), as the live
snapshot taker would have: a rebuild then only checks they are there.
A third figure, the same pass with its writes dropped (decoding, evolving the
products and building every view's rows), tells how much of the rebuild is writing.
The log is generated with batched saves before anything is measured."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from typing import Any

from eventsourcing.application import Application

from api.composition import build
from api.settings import Settings
from bench.harness import AT_LEAST, Result, Sampler, Target, alternate, median
from bench.seed import gather, generate
from bench.sizes import Sizes
from bench.stores import database
from projections.catalog import followers
from projections.engine import rebuild
from projections.engine.bulk_writes import BulkWrites
from projections.engine.rebuild import FLUSH_EVERY, Pass
from projections.engine.swap import prepare
from projections.engine.view_store import Tx, ViewStore
from projections.snapshots.taker import SnapshotTaker

TARGET = Target(AT_LEAST, 0.3)
PAGE = 2000
POSTGRES_LIMIT_S = 60.0
POSTGRES_LIMIT_EVENTS = 1_000_000


def scan(app: Application[uuid.UUID], page: int = PAGE) -> int:
    """Reads and decodes the whole log; returns how many events it saw."""
    seen = 0
    start = 1
    while True:
        notifications = app.recorder.select_notifications(start=start, limit=page)
        if not notifications:
            return seen
        for notification in notifications:
            app.mapper.to_domain_event(notification)
        seen += len(notifications)
        start = notifications[-1].id + 1


def rebuild_views(app: Application[uuid.UUID], store: ViewStore) -> None:
    """What `tandem rebuild` does without a view name (snapshots taken along)."""
    rebuild.rebuild_all(app, store, followers(app), batch_size=PAGE)


class Dropped(BulkWrites):
    """Bulk writes that write nothing."""

    def flush(self, tx: Tx, names: Iterable[str] | None = None) -> int:
        self.pending.clear()
        return 0


def rows_only(app: Application[uuid.UUID], store: ViewStore) -> None:
    """A rebuild's pass over the log with its writes dropped: into empty tables,
    never swapped in (the snapshots are taken by then)."""
    views = [view for view in followers(app) if view.rebuildable]
    for view in views:
        if view.tables:
            prepare(store, view)
    rows = Pass(app, store, views)
    rows.bulk = Dropped(store.shapes, ())
    position = 0
    while notifications := app.recorder.select_notifications(start=position + 1, limit=PAGE):
        rows.apply(notifications)
        position = notifications[-1].id
        if position - rows.flushed >= FLUSH_EVERY:
            rows.flush(position)
    rows.flush(position)


def rate_of(work: Any, events: int) -> Sampler:
    def sample() -> float:
        start = time.perf_counter()
        work()
        return events / (time.perf_counter() - start)

    return sample


def rebuild_all(backend: str, sizes: Sizes) -> list[Result]:
    with database(backend) as url:
        tandem = build(Settings(database_url=url, admin_token="x"))
        app = tandem.app
        try:
            started = time.perf_counter()
            crew = gather(app, products=sizes.log_products, items=20)
            generate(crew, sizes.log_events - (app.recorder.max_notification_id() or 0))
            generated = time.perf_counter() - started
            events = scan(app)
            store = tandem.projections.store
            # The live snapshot taker keeps them as the log grows; taking all of them
            # (a thousand snapshots of products of up to 1,000 items) is timed apart.
            started = time.perf_counter()
            rebuild.rebuild_all(app, store, [SnapshotTaker(app)], batch_size=PAGE)
            snapshots = time.perf_counter() - started
            samples = alternate(
                {
                    "ours": rate_of(lambda: rebuild_views(app, store), events),
                    "baseline": rate_of(lambda: scan(app), events),
                    "rows": rate_of(lambda: rows_only(app, store), events),
                },
                repeats=sizes.rebuild_repeats,
                warmup=0,
            )
        finally:
            tandem.close()
    ours = median(samples["ours"])
    rows = median(samples["rows"])
    result = Result(
        "5 rebuild all views",
        backend,
        "events/s",
        ours=ours,
        baseline=median(samples["baseline"]),
        target=TARGET,
        samples=samples,
        note=f"{events:,} events, {events / ours:.1f} s",
        details={
            "events": events,
            "generation_s": round(generated, 1),
            "snapshots_taken_first_s": round(snapshots, 1),
        },
    )
    results = [
        result,
        Result(
            "5 rebuild, rows without writes",
            backend,
            "events/s",
            ours=rows,
            baseline=result.baseline,
            note=f"writing is {1 - ours / rows:.0%} of the rebuild",
            samples={"rows": samples["rows"]},
        ),
    ]
    if backend == "postgres":
        seconds = POSTGRES_LIMIT_EVENTS / ours
        results.append(
            Result(
                "5 rebuild 1M events (projected)",
                backend,
                "s",
                ours=seconds,
                baseline=POSTGRES_LIMIT_S,
                target=Target("<=", 1.0),
                note=f"from {events:,} events at {ours:,.0f}/s; limit {POSTGRES_LIMIT_S:.0f} s",
            )
        )
    return results
