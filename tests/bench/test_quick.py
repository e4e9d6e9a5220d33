"""The benchmark scripts keep running: `python -m bench --quick` exits 0 and writes
its JSON. Ratios are not asserted here (they are the benchmark's business)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.load_plan import graphql, target
from bench.open_loop import WARMUP, run

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.heavy
def test_the_quick_benchmark_runs_every_workload_and_writes_its_results(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=480,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    document = json.loads(output.read_text())
    workloads = {r["workload"].split(" ", 1)[0] for r in document["results"]}
    assert {str(n) for n in range(1, 11)} <= workloads
    assert {"11", "12", "13"} <= workloads  # issue 17 and 18 figures
    assert {"15", "16"} <= workloads  # issue 19 and 20 (16 "not run" without node)
    assert not [r for r in document["results"] if r["verdict"] == "ERROR"], done.stderr[-4000:]


class Answering(BaseHTTPRequestHandler):
    """A keep-alive server answering every POST after `delay` seconds with `status`."""

    protocol_version = "HTTP/1.1"
    status = 200
    delay = 0.0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(self.delay)  # the server's own slowness, not a wait in the test
        body = b'{"data": {"ok": true}}'
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def generated(status: int, delay: float) -> dict[str, object]:
    """The generator's report against a local server answering `status` after `delay` s."""
    handler = type("Handler", (Answering,), {"status": status, "delay": delay})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        query = graphql(port, "{a}", {})
        plan = {
            "targets": {"local": target(port, [("query", 1.0, [query])], {"query": query})},
            "rates": [50, 100],
            "step_seconds": 0.2,
            "pause_seconds": 0.0,
            "probe_count": 1,
            "p99_ms": 100.0,
            "measured": ["query"],
            "connections": 64,
        }
        report: dict[str, object] = asyncio.run(run(plan))
        return report
    finally:
        server.shutdown()
        server.server_close()


def test_the_open_loop_generator_passes_a_fast_server_at_every_rate() -> None:
    report = generated(200, 0.0)
    steps = report["steps"]
    assert isinstance(steps, list)
    assert [(s["rate"], s["sent"], s["errors"]) for s in steps] == [(50, 10, 0), (100, 20, 0)]
    assert report["best_rate"] == {"local": 100}


def test_the_open_loop_generator_fails_a_step_on_error_responses() -> None:
    failing = generated(500, 0.0)
    assert failing["best_rate"] == {"local": 0.0}
    assert failing["single_errors"] == 1 + WARMUP


def test_the_open_loop_generator_fails_a_step_whose_p99_is_over_the_limit() -> None:
    slow = generated(200, 0.11)
    steps = slow["steps"]
    assert isinstance(steps, list)
    # Open loop: the slow server gets every request of the step all the same.
    found = [(s["sent"], s["errors"], s["passed"]) for s in steps]
    assert found == [(10, 0, False), (20, 0, False)]
    assert all(s["p99_ms"] >= 110 for s in steps)
    assert slow["best_rate"] == {"local": 0.0}
