"""How much each workload does: the full suite (about ten minutes on two cores, plus
five to ten for the open-loop workloads 15 and 16, whose servers start in tens of
seconds on a loaded machine) and the --quick smoke run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    repeats: int
    """Alternating samples per figure after the warm-up (the median is reported)."""
    decisions: int
    """Decisions per sample when recording one at a time (workloads 1, 2, 4); workloads
    1 and 2 time decisions * repeats single decisions interleaved with the floor's."""
    items: int
    """Backlog items of the product decided on."""
    writers: int
    process_writers: int
    """Writer processes of workload 3's second figure (each starts a Python)."""
    writer_seconds: float
    """Length of one concurrent-writers sample (workload 3)."""
    bulk_batch: int
    """Decisions per save on the batched path (workload 4)."""
    bulk_decisions: int
    log_events: int
    """Length of the generated log that is rebuilt (workload 5)."""
    log_products: int
    rebuild_repeats: int
    follow_seconds: float
    """Length of each phase of the live-following workload (workload 6)."""
    api_items: tuple[int, int, int]
    """Backlogs served by the API workloads; the middle one is "the 1,000-item backlog"."""
    api_requests: int
    """Requests per sample (workloads 7-9)."""
    load_clients: int
    load_seconds: float
    webhook_decisions: int = 300
    """Decisions written at 50/s while five webhooks deliver (workload 13)."""
    open_rates: tuple[float, ...] = tuple(round(5 * 1.3**n) for n in range(25))
    """Fixed request rates (per second) the open-loop generator steps through (15, 16)."""
    open_step_seconds: float = 4.0
    open_min_requests: int = 100
    """Requests of a step at least (a low rate's step lasts longer)."""
    open_probes: int = 200
    """Single-client requests per kind and server (15, 16)."""


FULL = Sizes(
    repeats=7,
    decisions=150,
    items=200,
    writers=8,
    process_writers=8,
    writer_seconds=4.0,
    bulk_batch=500,
    bulk_decisions=4000,
    # 2 products of ~1,000 items each, like the 1M-event log of 20 such products that
    # the issue names; the 1M figure is projected from the measured rate.
    log_events=100_000,
    log_products=2,
    rebuild_repeats=1,
    follow_seconds=5.0,
    api_items=(100, 1000, 10_000),
    api_requests=6,
    load_clients=50,
    load_seconds=60.0,
)

QUICK = Sizes(
    repeats=3,
    decisions=20,
    items=30,
    writers=8,
    process_writers=2,
    writer_seconds=0.4,
    bulk_batch=200,
    bulk_decisions=600,
    log_events=3000,
    log_products=3,
    rebuild_repeats=1,
    follow_seconds=0.8,
    api_items=(10, 50, 150),
    api_requests=3,
    load_clients=50,
    load_seconds=2.0,
    webhook_decisions=50,
    open_rates=(5, 10, 20, 40),
    open_step_seconds=0.5,
    open_min_requests=0,
    open_probes=20,
)
