"""The benchmark scripts keep running: `python -m bench --quick` exits 0 and writes
its JSON. Ratios are not asserted here (they are the benchmark's business)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_quick_benchmark_runs_every_workload_and_writes_its_results(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    document = json.loads(output.read_text())
    workloads = {r["workload"].split(" ", 1)[0] for r in document["results"]}
    assert {str(n) for n in range(1, 11)} <= workloads
    assert {"11", "12", "13"} <= workloads  # issue 17 and 18 figures
    assert not [r for r in document["results"] if r["verdict"] == "ERROR"], done.stderr[-4000:]
