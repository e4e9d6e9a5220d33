"""How much each workload does: the full suite (about ten minutes on two cores) and
the --quick smoke run (well under a minute)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    repeats: int
    """Alternating samples per figure after the warm-up (the median is reported)."""
    decisions: int
    """Decisions per sample when recording one at a time (workloads 1, 2, 4)."""
    items: int
    """Backlog items of the product decided on."""
    writers: int
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


FULL = Sizes(
    repeats=7,
    decisions=400,
    items=200,
    writers=8,
    writer_seconds=4.0,
    bulk_batch=500,
    bulk_decisions=4000,
    log_events=1_000_000,
    log_products=20,
    rebuild_repeats=2,
    follow_seconds=5.0,
)

QUICK = Sizes(
    repeats=3,
    decisions=60,
    items=50,
    writers=8,
    writer_seconds=0.6,
    bulk_batch=200,
    bulk_decisions=600,
    log_events=3000,
    log_products=3,
    rebuild_repeats=1,
    follow_seconds=0.8,
)
