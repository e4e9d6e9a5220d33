"""What the figures were measured on: cores, CPU model, PostgreSQL, drivers."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

import psycopg

from bench.stores import POSTGRES_URL


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def postgres_version() -> str:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            fsync = conn.execute("SHOW synchronous_commit").fetchone()
    except psycopg.Error:
        return "unavailable"
    return f"PostgreSQL {row[0] if row else '?'} (synchronous_commit={fsync[0] if fsync else '?'})"


def describe(with_postgres: bool = True) -> dict[str, Any]:
    cores = os.cpu_count() or 0
    model = cpu_model()
    pg = postgres_version() if with_postgres else "not used"
    py = platform.python_version()
    return {
        "nproc": cores,
        "cpu": model,
        "postgres": pg,
        "python": py,
        "psycopg": f"{psycopg.__version__} ({psycopg.pq.__impl__})",
        "platform": platform.platform(),
        "summary": f"{cores} x {model}, {pg}, Python {py}, psycopg {psycopg.__version__}"
        f" ({psycopg.pq.__impl__})",
    }
