"""Projection lag under a sustained write loop, with the views following the log
in the writer's process (as `tandem serve` runs them): the closing note of issue 3.

    .venv/bin/python bench/live_lag.py [--seconds 10] [--backends sqlite,postgres]

A writer thread decides back to back through the application service (a mix of
proposals, moves, refinements, estimates, assignments and transitions). Every
100 ms the lag, head minus the slowest view's tracked position, is sampled.
Prints the write rate, the maximum and 95th percentile lag (in events), and the
time the views take to reach the head once the writes stop.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.composition import build
from api.settings import Settings
from bench.seed import Crew, Lifecycle, decide, gather
from bench.stores import database, postgres_available


class Writer:
    """Decides back to back on a background thread until stopped."""

    def __init__(self, crew: Crew) -> None:
        self.crew = crew
        self.life = Lifecycle(crew.products[0], list(crew.items[crew.products[0]]))
        self.rng = random.Random(3)
        self.decisions = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stopping.is_set():
            decide(self.crew, self.life, self.rng)
            self.decisions += 1

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()


def measure(backend: str, seconds: float) -> None:
    with database(backend) as url:
        tandem = build(Settings(database_url=url, admin_token="x"))
        try:
            crew = gather(tandem.app, products=1, items=60)
            tandem.start_views()
            projections = tandem.projections
            projections.wait(projections.head(), timeout=60)
            writer = Writer(crew)
            lags: list[int] = []
            started = time.perf_counter()
            writer.thread.start()
            while time.perf_counter() - started < seconds:
                time.sleep(0.1)
                head = projections.head()
                lags.append(head - min(projections.positions().values()))
            writer.stop()
            elapsed = time.perf_counter() - started
            head = projections.head()
            stopped = time.perf_counter()
            projections.wait(head, timeout=120)
            drain = time.perf_counter() - stopped
            p95 = statistics.quantiles(lags, n=20)[-1]
            rate = writer.decisions / elapsed
            print(
                f"{backend}: {writer.decisions:,} decisions in {elapsed:.1f} s ({rate:,.0f}/s); "
                f"lag max {max(lags)} events, p95 {p95:.0f}, median {statistics.median(lags):.0f} "
                f"({len(lags)} samples); zero {drain * 1000:.0f} ms after the writes stopped"
            )
        finally:
            tandem.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        if backend == "postgres" and (why := postgres_available()):
            print(f"postgres: skipped, {why}")
            continue
        measure(backend, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
