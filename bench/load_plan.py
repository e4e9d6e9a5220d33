"""The parent side of the open-loop generator (bench/open_loop.py): a seeded
`tandem serve` on PostgreSQL, the requests each target is sent, and one run of the
generator in its own process, whose JSON report comes back on its stdout."""

from __future__ import annotations

import base64
import functools
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from api.composition import build
from api.settings import Settings
from bench.api_serving import ADMIN_TOKEN, ROOT, free_port, start_server
from bench.harness import AT_LEAST, Result, Target
from bench.raw_http import request_bytes
from bench.seed import gather
from bench.sizes import Sizes

BACKLOG = (
    "query Small($id: ID!) { product(id: $id) { backlog(first: 20) { edges { node "
    "{ id title status rank estimate } } } } }"
)
DECIDE = (
    "mutation($input: PrioritizeItemInput!) { prioritizeItem(input: $input) { item { id rank } } }"
)
TYPENAME = "{__typename}"
TANDEM = str(Path(sys.executable).parent / "tandem")


@dataclass
class Seeded:
    url: str
    product: str
    items: list[str]
    token: str


def seed(url: str, items: int) -> Seeded:
    """One product of `items` proposed items, recorded before any server starts."""
    tandem = build(Settings(database_url=url, admin_token=ADMIN_TOKEN))
    try:
        crew = gather(tandem.app, items=items)
    finally:
        tandem.close()
    product = crew.products[0]
    return Seeded(url, product, crew.items[product], crew.tokens["Ana"])


def serve_tandem(seeded: Seeded, workers: int = 1) -> tuple[subprocess.Popen[bytes], int]:
    """`tandem serve` of `workers` processes on a free port, answering once its views
    hold the backlog. One process is asked for explicitly where the command has
    --workers (its default is one per CPU)."""
    port = free_port()
    command = [TANDEM, "serve", "--port", str(port)]
    if has_workers():
        command += ["--workers", str(workers)]
    elif workers != 1:
        raise RuntimeError("tandem serve has no --workers option in this tree")
    process = start_server(command, seeded.url, port)
    deadline = time.monotonic() + 300
    query = "query($id: ID!) { product(id: $id) { backlog(first: 1) { totalCount } } }"
    headers = {"Authorization": f"Bearer {seeded.token}"}
    while time.monotonic() < deadline:
        body = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": query, "variables": {"id": seeded.product}},
            headers=headers,
            timeout=10,
        ).json()
        product = (body.get("data") or {}).get("product")
        if product and product["backlog"]["totalCount"] >= len(seeded.items):
            return process, port
        time.sleep(0.2)
    process.terminate()
    raise TimeoutError("the served views did not catch up with the seeded backlog")


@functools.cache
def has_workers() -> bool:
    """Whether `tandem serve` takes --workers (issue 19's serving work)."""
    done = subprocess.run([TANDEM, "serve", "--help"], capture_output=True, text=True, cwd=ROOT)
    return "--workers" in done.stdout


def graphql(port: int, query: str, variables: dict[str, Any], token: str | None = None) -> bytes:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return request_bytes(port, "/graphql", {"query": query, "variables": variables}, headers)


def decisions(port: int, seeded: Seeded, count: int = 200) -> list[bytes]:
    """prioritizeItem requests moving random items to random ranks."""
    rng = random.Random(19)
    return [
        graphql(
            port,
            DECIDE,
            {
                "input": {
                    "itemId": rng.choice(seeded.items),
                    "rank": rng.randint(1, len(seeded.items)),
                    "rationale": "Load",
                }
            },
            seeded.token,
        )
        for _ in range(count)
    ]


def target(
    port: int, mix: list[tuple[str, float, list[bytes]]], probes: dict[str, bytes]
) -> dict[str, Any]:
    """One server as the generator sees it: the request mix and the single-client probes."""

    def text(raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    return {
        "port": port,
        "mix": [(kind, share, [text(r) for r in raw]) for kind, share, raw in mix],
        "probes": {kind: text(raw) for kind, raw in probes.items()},
    }


def generate(targets: dict[str, dict[str, Any]], sizes: Sizes, measured: list[str]) -> Any:
    """Runs the generator in its own process over `targets`; returns its report."""
    plan = {
        "targets": targets,
        "rates": list(sizes.open_rates),
        "step_seconds": sizes.open_step_seconds,
        "min_requests": sizes.open_min_requests,
        "probe_count": sizes.open_probes,
        "p99_ms": 100.0,
        "measured": measured,
        "connections": 256,
    }
    before = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, "-m", "bench.open_loop"],
        input=json.dumps(plan),
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=3600,
        check=True,
    )
    report = json.loads(done.stdout)
    report["load_average"] = [round(before, 1), round(os.getloadavg()[0], 1)]
    return report


def conditions(report: dict[str, Any]) -> str:
    """The generator's CPU use (overall, and at its busiest step, in shares of one core)
    and the machine's load average before and after, for the note of a figure."""
    overall = report["generator_cpu_seconds"] / max(report["generator_wall_seconds"], 1e-9)
    busiest = max((s["generator_cpu"] for s in report["steps"]), default=0.0)
    before, after = report["load_average"]
    return (
        f"generator CPU {overall:.0%} of a core, {busiest:.0%} at its busiest step; "
        f"load average {before:g} -> {after:g} on {os.cpu_count()} CPUs"
    )


def highest_rate(
    name: str, backend: str, report: dict[str, Any], baseline: str, share: float, what: str
) -> Result:
    """Tandem's highest passing rate against `baseline`'s, at least `share` of it."""
    best = report["best_rate"]
    lowest = min((s["rate"] for s in report["steps"]), default=0)
    none = f"{baseline} passed no rate (lowest {lowest:g} req/s); " if not best[baseline] else ""
    return Result(
        name,
        backend,
        "req/s",
        ours=best["tandem"],
        baseline=best[baseline],
        target=Target(AT_LEAST, share),
        status="inconclusive" if none else "",
        note=f"{none}{what}; {conditions(report)}",
        details={"steps": report["steps"], "single_ms": report["single_ms"]},
    )


def single_status(report: dict[str, Any]) -> dict[str, str]:
    """A single-client row's status and note prefix: FAIL where a request failed."""
    errors = report["single_errors"]
    if errors:
        return {"status": "FAIL", "prefix": f"{errors} failed requests; "}
    return {"status": "", "prefix": ""}
