"""Garbage collection for a long-lived server process.

With CPython's defaults (700, 10, 10) a busy server ran a full collection every few
seconds, each walking every object the process built at start-up (the schema, the
application, the views' code): 57-78 ms pauses that set the p99. After start-up those
objects live as long as the process, so they are frozen out of the collector's sight,
and young collections run less often, so a request's garbage mostly dies before one.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger("tandem.startup")

THRESHOLDS = (20_000, 20, 50)
"""Allocations before a young collection; young collections before a middle one;
middle ones before a full one (which also waits for the long-lived heap to grow by 25%)."""


def tune_after_startup() -> None:
    """Collects once, freezes what survives (start-up state), and raises the thresholds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    log.debug("gc: %s objects frozen, thresholds %s", gc.get_freeze_count(), THRESHOLDS)
