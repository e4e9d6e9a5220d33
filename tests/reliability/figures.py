"""Figures the reliability tests measure, for RELIABILITY.md (never typed by hand).

Each test calls `record(...)` once it has passed its assertions; the figures land in
reliability-figures.json (one entry per promise and backend, the latest run wins) and
`python -m tests.reliability.report` renders RELIABILITY.md from them.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIGURES = Path(os.environ.get("TANDEM_RELIABILITY_FIGURES", ROOT / "reliability-figures.json"))
_lock = threading.Lock()


def record(promise: str, test: str, backend: str, **figures: Any) -> None:
    """Stores what a passing test measured: counts of rounds, kills, queries, failures."""
    # Test workers are processes (pytest-xdist): the file lock keeps their updates whole.
    with _lock, open(FIGURES.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
        data[f"{promise} [{backend}]"] = {
            "promise": promise,
            "test": test,
            "backend": backend,
            "figures": figures,
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        FIGURES.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
