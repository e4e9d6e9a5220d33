"""Workload 14: the garbage collector's tuning for a long-lived server (api.gc_tuning).

Closed-loop clients send the small backlog query to `tandem serve --workers 1` on one
seeded database, in alternating rounds with the tuning off (CPython's defaults, the
baseline) and on. The figure is the query p99 with the tuning over the p99 without it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from api.composition import build
from api.settings import Settings
from bench.api_serving import ADMIN_TOKEN, free_port, start_server, stop_server
from bench.api_workloads import SMALL
from bench.harness import AT_MOST, Result, Target
from bench.load import percentile
from bench.seed import gather
from bench.sizes import Sizes
from bench.stores import database

CLIENTS = 8
WARM_UP = 2.0
"""Seconds of each round left out: first requests fill the caches."""


async def closed_loop(base: str, token: str, product: str, seconds: float) -> list[float]:
    """Latencies of CLIENTS clients each sending the next query when the last answers."""
    latencies: list[float] = []
    body = {"query": SMALL, "variables": {"id": product}}
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        started = time.perf_counter()
        deadline = started + WARM_UP + seconds

        async def client() -> None:
            while (now := time.perf_counter()) < deadline:
                response = await http.post("/graphql", json=body)
                if response.status_code != 200 or response.json().get("errors"):
                    raise RuntimeError(f"query failed: {response.text[:200]}")
                if now - started >= WARM_UP:
                    latencies.append(time.perf_counter() - now)

        await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return latencies


@contextmanager
def environment(name: str, value: str) -> Iterator[None]:
    """The server started meanwhile inherits `name` (start_server copies os.environ)."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before


def measure_round(url: str, tuned: bool, token: str, product: str, seconds: float) -> list[float]:
    port = free_port()
    command = [str(Path(sys.executable).parent / "tandem"), "serve", "--port", str(port)]
    with environment("TANDEM_WORKERS", "1"), environment("TANDEM_GC_TUNING", str(int(tuned))):
        process = start_server(command, url, port)
    try:
        return asyncio.run(closed_loop(f"http://127.0.0.1:{port}", token, product, seconds))
    finally:
        stop_server(process)


def gc_p99(backend: str, sizes: Sizes) -> list[Result]:
    rounds = 1 if sizes.load_seconds < 10 else 2
    seconds = max(sizes.load_seconds / 4, 2.0)
    with ExitStack() as stack:
        url = stack.enter_context(database(backend))
        tandem = build(Settings(database_url=url, admin_token=ADMIN_TOKEN))
        try:
            crew = gather(tandem.app, items=200)
        finally:
            tandem.close()
        latencies: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(rounds):
            for tuned in (False, True):
                token, product = crew.tokens["Ana"], crew.products[0]
                latencies[tuned] += measure_round(url, tuned, token, product, seconds)
    p50 = {t: percentile(v, 0.5) * 1000 for t, v in latencies.items()}
    p99 = {t: percentile(v, 0.99) * 1000 for t, v in latencies.items()}
    shown = {"defaults": False, "tuned": True}
    return [
        Result(
            "14 GC tuning: query p99, tuned vs CPython defaults",
            backend,
            "ms",
            ours=p99[True],
            baseline=p99[False],
            target=Target(AT_MOST, 1.0),
            note=(
                f"p50 {p50[False]:.1f} -> {p50[True]:.1f} ms, p99 {p99[False]:.1f} -> "
                f"{p99[True]:.1f} ms; {CLIENTS} closed-loop clients, {rounds} x {seconds:.0f} s "
                f"each, {len(latencies[True]):,} / {len(latencies[False]):,} requests"
            ),
            details={
                "p50_ms": {name: p50[t] for name, t in shown.items()},
                "p99_ms": {name: p99[t] for name, t in shown.items()},
            },
        )
    ]
