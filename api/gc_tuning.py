"""Garbage collection for a long-lived server process.

With CPython's defaults a busy server ran a full collection every few seconds, each
walking every object the process built at start-up (the schema, the application, the
views' code): 80-110 ms pauses on this 2-core machine, which set the p99. After start-up
those objects live as long as the process, so they are frozen out of the collector's
sight, and full collections wait ten times longer. Young collections stay small: a
20,000-object first generation halved nothing but doubled the p99 (lumpier pauses).
The figures: bench workload 14.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger("tandem.startup")

THRESHOLDS = (2_000, 10, 100)
"""Allocations before a young collection; young collections before a middle one;
middle ones before a full one (which also waits for the long-lived heap to grow by 25%)."""


def tune_after_startup() -> None:
    """Collects once, freezes what survives (start-up state), and raises the thresholds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    log.debug("gc: %s objects frozen, thresholds %s", gc.get_freeze_count(), THRESHOLDS)
