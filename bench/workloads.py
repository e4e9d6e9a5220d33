"""The registry: every workload of the issue, by number, and where it applies."""

from __future__ import annotations

from collections.abc import Callable

from bench import (
    api_workloads,
    bulk_import,
    following,
    gc_pauses,
    rebuild_all,
    recording,
    writers,
)
from bench.harness import Result, not_run
from bench.integrity import chaining_overhead, verify_rate
from bench.load_ceiling import open_loop_load
from bench.peer import peer_workload
from bench.sizes import Sizes
from bench.webhook_lag import webhook_lag

Run = Callable[[str, Sizes], list[Result]]


def _api(number: int) -> Run:
    def run(backend: str, sizes: Sizes) -> list[Result]:
        missing = api_workloads.missing_api()
        if missing:
            return [api_workloads.unavailable(number, backend, missing)]
        workload: Run = api_workloads.api_workload(number)
        return workload(backend, sizes)

    return run


ALL: list[tuple[int, str, Run]] = [
    (1, "1 record one decision", recording.record_one),
    (2, "2 record one decision", recording.record_one),
    (3, "3 concurrent writers", writers.concurrent_writers),
    (4, "4 bulk import", bulk_import.bulk_import),
    (5, "5 rebuild all views", rebuild_all.rebuild_all),
    (6, "6 live following", following.live_following),
    (7, "7 GraphQL small query", _api(7)),
    (8, "8 GraphQL 1,000-item backlog", _api(8)),
    (9, "9 hot path", _api(9)),
    (10, "10 load", _api(10)),
]

# Workload 1 is the PostgreSQL figure, 2 the SQLite one; the others run on both
# backends unless listed here.
ONLY_ON = {1: "postgres", 2: "sqlite", 3: "postgres", 10: "postgres"}

# Issues 19 and 20: one open-loop generator in its own process against one
# `tandem serve`, beside a plain route (15) and beside PostGraphile (16).
ALL += [
    (15, "15 open-loop load vs a plain route", open_loop_load),
    (16, "16 peer: PostGraphile", peer_workload),
]
ONLY_ON |= {15: "postgres", 16: "postgres"}


def applies(number: int, backend: str) -> bool:
    return ONLY_ON.get(number, backend) == backend


def skipped(number: int, backend: str, why: str) -> Result:
    name = next(n for k, n, _ in ALL if k == number)
    return not_run(name, backend, why)


def finish() -> None:
    """Stops what workloads left running for their successors (the API servers)."""
    from bench.api_serving import close_sessions

    close_sessions()


ALL += [
    (11, "11 audit chain overhead", chaining_overhead),
    (12, "12 audit verify rate", verify_rate),
    (13, "13 webhook delivery lag", webhook_lag),
]
ALL += [(14, "14 GC tuning", gc_pauses.gc_p99)]
