"""Time travel benchmark: asOf backlog and retrospectives on a long generated history.

Run from the repository root:

    .venv/bin/python bench/time_travel.py --quick          # smoke run, seconds
    .venv/bin/python bench/time_travel.py                  # the issue's scale (long)
    .venv/bin/python bench/time_travel.py --decisions 100000 --products 2 \
        --intervals 25,50,100,200 --keep /tmp/tandem-bench   # same depth per product

A history of decisions over several products is generated once per backend
(events built on Product aggregates in memory with an advancing clock, saved in
batches; the views it reads and the time-travel store are then built in one pass,
as `tandem rebuild` does). Generation is not measured. Then, per snapshot interval,
it measures (bench/time_travel_measure.py):

  (a) asOf backlog (first 100 items), median over random instants;
  (b) a full replay from the start (the product folded from all its events up to
      the instant's version, no snapshot), median over a smaller sample;
  (c) the current-backlog query for the same products through the async reader;
  (d) a retrospective over a one-month window;
  (e) the current backlog whole (every ranked item): the rows a month's rank changes
      list (nearly every item, here), ready made in the live view, an info column.

and prints full replay / asOf (target >= 100), asOf / current (target <= 3) and
retrospective / current (target <= 10), appending a JSON record to
bench/results-time-travel.json. Each instant counts the best of --repeat runs.

It also reports the bytes on disk of the event store and of what time travel keeps
(its store's tables and the library's latest snapshots). Intervals other than the
store's are measured after rebuilding it at that interval (a pass over the log).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from api.composition import Container, build
from api.settings import Settings
from bench.time_travel_history import (
    MEASURED_FOLLOWERS,
    Scale,
    build_views,
    generate,
    resnapshot,
    snapshotted_every,
)
from bench.time_travel_measure import history, measure
from projections.snapshots.taker import SnapshotTaker

RESULTS = Path(__file__).resolve().parent / "results-time-travel.json"
POSTGRES_URL = os.environ.get(
    "TANDEM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)

# -- stores ------------------------------------------------------------------------


@contextlib.contextmanager
def store_url(backend: str, scale: Scale, keep: str | None) -> Iterator[str]:
    if backend == "sqlite":
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            yield f"sqlite:///{Path(keep) / f'time-travel-{scale.tag}.db'}"
            return
        with tempfile.TemporaryDirectory(prefix="tandem-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'tandem.db'}"
        return
    schema = f"bench_tt_{scale.tag}" if keep else f"bench_tt_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}schema={schema}"
    finally:
        if not keep:
            with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


def generated(tandem: Container, scale: Scale) -> bool:
    """Whether a kept store already holds this history, with the views it reads."""
    head = tandem.projections.head()
    positions = tandem.projections.positions(views_only=False)
    return head > scale.decisions and all(positions[n] == head for n in MEASURED_FOLLOWERS)


def storage(tandem: Container) -> dict[str, int]:
    """Bytes on disk (tables, indexes, TOAST) of the event store and of everything
    time travel keeps: the time-travel store's tables and the library's snapshots."""
    app: Any = tandem.app
    events = app.recorder.events_table_name
    snapshots = app.snapshots.recorder.events_table_name if app.snapshots else None
    past = [t.split()[5] for t in SnapshotTaker.tables if t.startswith("CREATE TABLE")]
    with tandem.projections.store.transaction() as tx:
        if tx.postgres:

            def size(table: str) -> int:
                return int(tx.fetchall("SELECT pg_total_relation_size(?)", (table,))[0][0])

        else:

            def size(table: str) -> int:
                rows = tx.fetchall(
                    "SELECT COALESCE(SUM(d.pgsize), 0) FROM dbstat d JOIN sqlite_master m "
                    "ON m.name = d.name WHERE m.tbl_name = ?",
                    (table,),
                )
                return int(rows[0][0])

        return {
            "event_store_bytes": size(events),
            "library_snapshots_bytes": size(snapshots) if snapshots else 0,
            "time_travel_store_bytes": sum(size(table) for table in past),
        }


def product_ids(tandem: Container) -> list[str]:
    with tandem.projections.store.transaction() as tx:
        rows = tx.fetchall("SELECT product_id FROM backlog_products ORDER BY name")
    return [r[0] for r in rows]


def run_backend(backend: str, args: argparse.Namespace, scale: Scale) -> list[dict[str, Any]]:
    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    intervals = [int(i) for i in args.intervals.split(",")]
    records = []
    with store_url(backend, scale, args.keep) as url:
        settings = Settings(database_url=url, admin_token="bench", snapshot_interval=intervals[0])
        tandem = build(settings)
        try:
            if generated(tandem, scale):
                log(f"{backend}: reusing the kept history {scale.tag}")
            else:
                log(f"{backend}: generating {scale.tag} (snapshots every {intervals[0]})")
                started = time.monotonic()
                generate(tandem, scale, args.seed, log)
                build_views(tandem, log)
                log(f"{backend}: generated in {time.monotonic() - started:.0f}s")
            sizes: dict[str, float] = {**storage(tandem)}
            stored = sizes["library_snapshots_bytes"] + sizes["time_travel_store_bytes"]
            sizes["snapshots_over_event_store"] = stored / sizes["event_store_bytes"]
            log(f"{backend}: storage {sizes}")
            ids = product_ids(tandem)
            measured = ids[: args.measure_products]
            span = history(tandem, measured)
            for interval in intervals:
                if not snapshotted_every(tandem, interval):
                    log(f"{backend}: rebuilding the time-travel store every {interval}")
                    started = time.monotonic()
                    resnapshot(tandem, interval)
                    log(f"{backend}: rebuilt in {time.monotonic() - started:.0f}s")
                result = measure(
                    tandem, span, args.samples, args.replays, args.seed, args.profile, args.repeat
                )
                profile = result.pop("profile", None)
                record = {"backend": backend, "snapshot_interval": interval, **result, **sizes}
                records.append(record)
                print_row(record)
                if profile:
                    print(profile)
        finally:
            tandem.close()
    return records


HEADER = (
    f"{'backend':<9}{'interval':>9}{'asOf ms':>9}{'replay ms':>11}{'current ms':>11}"
    f"{'retro ms':>10}{'replay/asOf':>13}{'asOf/cur':>10}{'retro/cur':>10}{'retro/whole':>12}"
)


def print_row(r: dict[str, Any]) -> None:
    def mark(ok: bool) -> str:
        return " " if ok else "!"

    print(
        f"{r['backend']:<9}{r['snapshot_interval']:>9}{r['as_of_ms']:>9.2f}"
        f"{r['full_replay_ms']:>11.1f}{r['current_ms']:>11.2f}{r['retrospective_ms']:>10.1f}"
        f"{r['replay_over_as_of']:>12.0f}{mark(r['replay_over_as_of'] >= 100)}"
        f"{r['as_of_over_current']:>9.2f}{mark(r['as_of_over_current'] <= 3)}"
        f"{r['retro_over_current']:>9.2f}{mark(r['retro_over_current'] <= 10)}"
        f"{r['retro_over_whole']:>12.2f}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run in seconds")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--intervals", default="100,25,50,200")
    parser.add_argument("--samples", type=int, default=200, help="asOf instants")
    parser.add_argument("--replays", type=int, default=20, help="full replays (slow)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per instant")
    parser.add_argument("--measure-products", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="keep (and reuse) the generated stores")
    parser.add_argument("--profile", action="store_true", help="cProfile the asOf queries")
    parser.add_argument("--note", default="", help="recorded with the results")
    args = parser.parse_args(argv)
    if args.quick:
        args.decisions, args.products, args.items = 6000, 3, 100
        args.samples, args.replays, args.measure_products = 40, 10, 3
        args.intervals = "25"
    scale = Scale(args.decisions, args.products, args.items)
    print(f"history: {scale.decisions} decisions, {scale.products} products, {scale.items} items")
    print(HEADER)
    records = []
    for backend in args.backends.split(","):
        records.extend(run_backend(backend, args, scale))
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "scale": {"decisions": scale.decisions, "products": scale.products, "items": scale.items},
        "measured_products": args.measure_products,
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "note": args.note,
        "method": f"interleaved, best of {args.repeat} per instant, medians",
        "results": records,
    }
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    existing.append(entry)
    RESULTS.write_text(json.dumps(existing, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
