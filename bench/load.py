"""Workload 10: 50 concurrent clients for 60 s against one `tandem serve` on
PostgreSQL over loopback, 80% backlog queries and 20% prioritizeItem decisions:
latency percentiles per operation, and errors (any non-200 or GraphQL error)."""

from __future__ import annotations

import asyncio
import random
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx

from api.composition import build
from api.settings import Settings
from bench.api_serving import ADMIN_TOKEN, free_port, start_server, stop_server
from bench.harness import AT_MOST, Result, Target
from bench.seed import Crew, gather
from bench.sizes import Sizes
from bench.stores import database

DECIDE = (
    "mutation($input: PrioritizeItemInput!) { prioritizeItem(input: $input) { item { id rank } } }"
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def clients(
    base: str, token: str, product: str, items: list[str], query: str, sizes: Sizes
) -> tuple[dict[str, list[float]], int, int, list[str]]:
    """Latencies by kind, errors, requests, and the first few failures as answered."""
    latencies: dict[str, list[float]] = {"query": [], "decision": []}
    counts = {"errors": 0, "total": 0}
    samples: list[str] = []
    deadline = time.perf_counter() + sizes.load_seconds
    limits = httpx.Limits(max_connections=sizes.load_clients)
    headers = {"Authorization": f"Bearer {token}"}

    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as c:

        async def client(n: int) -> None:
            rng = random.Random(n)
            while time.perf_counter() < deadline:
                if rng.random() < 0.8:
                    kind, body = "query", {"query": query, "variables": {"id": product}}
                else:
                    item = rng.choice(items)
                    variables = {
                        "itemId": item,
                        "rank": rng.randint(1, len(items)),
                        "rationale": "Load",
                    }
                    kind, body = "decision", {"query": DECIDE, "variables": {"input": variables}}
                start = time.perf_counter()
                try:
                    response = await c.post("/graphql", json=body)
                    ok = response.status_code == 200 and not response.json().get("errors")
                    failure = f"{kind} {response.status_code}: {response.text[:300]}"
                except httpx.HTTPError as error:
                    ok, failure = False, f"{kind}: {type(error).__name__} {error}"
                latencies[kind].append(time.perf_counter() - start)
                counts["total"] += 1
                counts["errors"] += not ok
                if not ok and len(samples) < 5:
                    samples.append(failure)

        await asyncio.gather(*(client(n) for n in range(sizes.load_clients)))
    return latencies, counts["errors"], counts["total"], samples


def seeded(stack: ExitStack, backend: str) -> tuple[str, Crew]:
    """A clean database (closed with `stack`) holding the crew and one 200-item product."""
    url = stack.enter_context(database(backend))
    tandem = build(Settings(database_url=url, admin_token=ADMIN_TOKEN))
    try:
        return url, gather(tandem.app, items=200)
    finally:
        tandem.close()


def load(backend: str, sizes: Sizes, query: str) -> list[Result]:
    with ExitStack() as stack:
        url, crew = seeded(stack, backend)
        port = free_port()
        command = [str(Path(sys.executable).parent / "tandem"), "serve", "--port", str(port)]
        process = start_server(command, url, port)
        stack.callback(stop_server, process)
        product = crew.products[0]
        latencies, errors, total, failures = asyncio.run(
            clients(
                f"http://127.0.0.1:{port}",
                crew.tokens["Ana"],
                product,
                crew.items[product],
                query,
                sizes,
            )
        )
    results = []
    for kind, values in latencies.items():
        p50, p95, p99 = (percentile(values, s) * 1000 for s in (0.5, 0.95, 0.99))
        results.append(
            Result(
                f"10 load: {kind} latency p99 vs p50",
                backend,
                "ms",
                ours=p99,
                baseline=p50,
                target=Target(AT_MOST, 10.0) if kind == "query" else None,
                note=f"p50 {p50:.1f} / p95 {p95:.1f} / p99 {p99:.1f} ms, {len(values):,} requests",
                details={"p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "count": len(values)},
            )
        )
    results.append(
        Result(
            "10 load: errors",
            backend,
            "requests",
            ours=errors,
            baseline=total,
            status="pass" if errors == 0 else "FAIL",
            note=f"{sizes.load_clients} clients, {sizes.load_seconds:.0f} s, 80% queries",
            details={"failures": failures},
        )
    )
    return results
