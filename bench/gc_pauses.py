"""Workload 14: the garbage collector's tuning for a long-lived server (api.gc_tuning).

One closed-loop client sends the small backlog query to the app (in this process, over
ASGI) in alternating blocks with CPython's defaults (the baseline) and with the tuning.
Each request is timed in CPU seconds of the process as well as on the clock: on a
shared, loaded machine the clock mostly measures the other processes, while a full
collection's pause shows in either. The figures: the query p99 in CPU time, and the CPU
time of one full collection (the longest pause a request can meet), tuned over defaults.
"""

from __future__ import annotations

import asyncio
import gc
import time
from contextlib import ExitStack
from typing import Any

import httpx

from api.app import create_app
from api.composition import build
from api.gc_tuning import tune_after_startup
from api.settings import Settings
from bench.api_serving import ADMIN_TOKEN
from bench.api_workloads import SMALL
from bench.harness import AT_MOST, Result, Target
from bench.load import percentile, seeded
from bench.sizes import Sizes

DEFAULTS = gc.get_threshold()
BLOCK = 200
"""Requests per block; blocks alternate between the two settings."""


class Pauses:
    """CPU time of each full (generation 2) collection, through gc.callbacks."""

    def __init__(self) -> None:
        self.full: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.process_time()
        else:
            self.full.append(time.process_time() - self._started)


def configure(tuned: bool) -> None:
    gc.unfreeze()
    gc.set_threshold(*DEFAULTS)
    if tuned:
        tune_after_startup()


async def closed_loop(backend: str, blocks: int) -> dict[bool, dict[str, list[float]]]:
    timings: dict[bool, dict[str, list[float]]] = {
        t: {"cpu": [], "clock": [], "full": [], "collect": []} for t in (False, True)
    }
    with ExitStack() as stack:
        url, crew = seeded(stack, backend)
        # The views caught up here, and no runner threads polling meanwhile: their CPU
        # time would land in whichever request they overlap.
        settings = Settings(database_url=url, admin_token=ADMIN_TOKEN, projections="worker")
        container = build(settings)
        stack.callback(container.close)
        container.projections.catch_up()
        app = create_app(container)
        body = {"query": SMALL, "variables": {"id": crew.products[0]}}
        headers = {"Authorization": f"Bearer {crew.tokens['Ana']}"}
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", headers=headers
            ) as http:
                for block in range(2 * blocks + 1):
                    tuned = block % 2 == 1
                    configure(tuned)
                    pauses = Pauses()
                    gc.callbacks.append(pauses)
                    for _ in range(BLOCK):
                        cpu, clock = time.process_time(), time.perf_counter()
                        response = await http.post("/graphql", json=body)
                        cpu, clock = time.process_time() - cpu, time.perf_counter() - clock
                        if response.status_code != 200 or response.json().get("errors"):
                            raise RuntimeError(f"query failed: {response.text[:200]}")
                        if block > 0:  # the first block warms the caches
                            timings[tuned]["cpu"].append(cpu)
                            timings[tuned]["clock"].append(clock)
                    gc.callbacks.remove(pauses)
                    timings[tuned]["full"] += pauses.full
                    collect = time.process_time()
                    gc.collect()  # what one full collection costs now
                    timings[tuned]["collect"].append(time.process_time() - collect)
    configure(False)
    return timings


def gc_p99(backend: str, sizes: Sizes) -> list[Result]:
    blocks = max(2, sizes.repeats)
    timings = asyncio.run(closed_loop(backend, blocks))

    def ms(tuned: bool, kind: str, share: float) -> float:
        return percentile(timings[tuned][kind], share) * 1000

    def longest(tuned: bool) -> str:
        full = timings[tuned]["full"]
        return f"{len(full)} full, longest {max(full, default=0) * 1000:.0f} ms"

    collect = {t: percentile(timings[t]["collect"], 0.5) * 1000 for t in (False, True)}
    return [
        Result(
            "14 GC tuning: query p99 (CPU), tuned vs CPython defaults",
            backend,
            "ms",
            ours=ms(True, "cpu", 0.99),
            baseline=ms(False, "cpu", 0.99),
            note=(
                f"CPU p50 {ms(False, 'cpu', 0.5):.1f} -> {ms(True, 'cpu', 0.5):.1f} ms; "
                f"clock p99 {ms(False, 'clock', 0.99):.1f} -> {ms(True, 'clock', 0.99):.1f} ms; "
                f"collections {longest(False)} -> {longest(True)}; "
                f"{blocks} x {BLOCK} requests each"
            ),
            details={
                "cpu_p99_ms": {"defaults": ms(False, "cpu", 0.99), "tuned": ms(True, "cpu", 0.99)},
                "clock_p99_ms": {
                    "defaults": ms(False, "clock", 0.99),
                    "tuned": ms(True, "clock", 0.99),
                },
            },
        ),
        Result(
            "14 GC tuning: one full collection, tuned vs CPython defaults",
            backend,
            "ms",
            ours=collect[True],
            baseline=collect[False],
            target=Target(AT_MOST, 0.25),
            note="CPU time of gc.collect() after each block (median): the longest pause",
        ),
    ]
