"""Rebuild throughput: each view rebuilt from a 100,000-event log, in events per
second, on SQLite and PostgreSQL (the closing note of issue 3).

    .venv/bin/python bench/rebuild_rate.py [--events 100000] [--backends sqlite,postgres]

The log is generated first through the batched path (bench.seed: a crew deciding
on several products, a thousand decisions per save) and is not measured. Then
each view is rebuilt into new tables, then swapped in, one after the other and
timed separately (`tandem rebuild VIEW`); finally all of them are rebuilt in one
pass over the log (`tandem rebuild`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.composition import build
from api.settings import Settings
from bench.seed import gather, generate
from bench.stores import database, postgres_available
from projections.catalog import VIEWS
from projections.engine.rebuild import rebuild, rebuild_all


def measure(backend: str, events: int, products: int) -> dict[str, float]:
    with database(backend) as url:
        tandem = build(Settings(database_url=url, admin_token="x"))
        app, store = tandem.app, tandem.projections.store
        try:
            started = time.perf_counter()
            crew = gather(app, products=products, items=20)
            generate(crew, events - (app.recorder.max_notification_id() or 0))
            head = app.recorder.max_notification_id() or 0
            print(f"{backend}: generated {head:,} events in {time.perf_counter() - started:.0f} s")
            seconds: dict[str, float] = {}
            for view in (view_class(app) for view_class in VIEWS):
                started = time.perf_counter()
                position = rebuild(app, store, view, batch_size=2000)
                seconds[view.name] = time.perf_counter() - started
                assert position == head, (view.name, position, head)
                print(
                    f"{backend}: {view.name:<10} {head / seconds[view.name]:>9,.0f} events/s "
                    f"({seconds[view.name]:.1f} s)"
                )
            total = sum(seconds.values())
            print(
                f"{backend}: one by one {head / total:>9,.0f} events/s of log "
                f"({total:.1f} s for {head:,} events through {len(VIEWS)} views)"
            )
            views = [view_class(app) for view_class in VIEWS]
            started = time.perf_counter()
            assert rebuild_all(app, store, views, batch_size=2000) == head
            seconds["one pass"] = time.perf_counter() - started
            print(
                f"{backend}: one pass   {head / seconds['one pass']:>9,.0f} events/s of log "
                f"({seconds['one pass']:.1f} s, all {len(VIEWS)} views)"
            )
            return {"events": head, **seconds, "total": total}
        finally:
            tandem.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=10)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        if backend == "postgres" and (why := postgres_available()):
            print(f"postgres: skipped, {why}")
            continue
        measure(backend, args.events, args.products)
    return 0


if __name__ == "__main__":
    sys.exit(main())
