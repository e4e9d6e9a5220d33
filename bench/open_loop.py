"""The open-loop load generator, run in its own process (`python -m bench.open_loop`,
a JSON plan on stdin, a JSON report on stdout; see bench/load_plan.py).

It sends requests at fixed rates whatever the server's answers (open loop: a slow
server gets a queue, not fewer requests), and times each from when it was due to
be sent, so a stall counts against every request it delays (wrk2's correction of
coordinated omission). Rates step up, alternating between the targets at each rate;
a target leaves after two failing steps in a row. A step passes when no request
failed or timed out and the p99 of the measured kinds is under the limit. The
generator's own CPU use is reported per step, and how late it sent (its lag): a
starved generator shows there, not as a slow server."""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import random
import statistics
import sys
import time
from typing import Any

from bench.raw_http import Connection, Pool

TIMEOUT = 5.0
"""Seconds a request may still take once the step's schedule has ended."""
WARMUP = 5
"""Single-client requests per kind and target before the timed ones."""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class Target:
    def __init__(self, name: str, spec: dict[str, Any], connections: int) -> None:
        self.name = name
        self.pool = Pool(spec["port"], connections)
        self.port: int = spec["port"]
        self.mix = [
            (kind, share, [base64.b64decode(r) for r in raw]) for kind, share, raw in spec["mix"]
        ]
        self.probes = {kind: base64.b64decode(raw) for kind, raw in spec["probes"].items()}

    def pick(self, rng: random.Random) -> tuple[str, bytes]:
        draw = rng.random()
        for kind, share, requests in self.mix:
            if draw < share:
                return kind, rng.choice(requests)
            draw -= share
        kind, _, requests = self.mix[-1]
        return kind, rng.choice(requests)


async def probe(targets: list[Target], count: int) -> tuple[dict[str, dict[str, float]], int]:
    """Single-client medians (ms): one request at a time on one connection per target,
    alternating target and kind (A B, B A, ...) so drift falls on both alike; and how
    many of those requests failed."""
    conns = {t.name: await Connection.open(t.port) for t in targets}
    times: dict[str, dict[str, list[float]]] = {t.name: {k: [] for k in t.probes} for t in targets}
    errors = 0
    try:
        for i in range(count + WARMUP):
            for target in targets if i % 2 == 0 else reversed(targets):
                for kind, request in target.probes.items():
                    start = time.perf_counter()
                    errors += await conns[target.name].exchange(request) is not None
                    if i >= WARMUP:
                        times[target.name][kind].append((time.perf_counter() - start) * 1000)
    finally:
        for conn in conns.values():
            conn.close()
    medians = {
        name: {kind: statistics.median(v) for kind, v in kinds.items()}
        for name, kinds in times.items()
    }
    return medians, errors


async def step(target: Target, rate: float, seconds: float, plan: dict[str, Any]) -> dict[str, Any]:
    """One fixed-rate step against one target."""
    loop = asyncio.get_running_loop()
    rng = random.Random(int(rate * 1000))
    latencies: dict[str, list[float]] = {kind: [] for kind, _, _ in target.mix}
    errors: list[str] = []
    lag = 0.0

    async def one(kind: str, request: bytes, due: float) -> None:
        try:
            error = await target.pool.exchange(request)
        except (OSError, asyncio.IncompleteReadError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"
        latencies[kind].append((loop.time() - due) * 1000)
        if error is not None:
            errors.append(f"{kind}: {error}")

    # At least min_requests, so that a p99 is not the one slowest of twenty.
    count = max(1, int(rate * seconds), plan.get("min_requests", 0))
    cpu, wall = time.process_time(), time.perf_counter()
    start = loop.time() + 0.02
    tasks = []
    for i in range(count):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        lag = max(lag, loop.time() - due)
        kind, request = target.pick(rng)
        tasks.append(asyncio.create_task(one(kind, request, due)))
    _, pending = await asyncio.wait(tasks, timeout=TIMEOUT)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    measured = [v for kind in plan["measured"] for v in latencies.get(kind, [])]
    p99 = percentile(measured, 0.99)
    failed = len(errors) + len(pending)
    late = [f"{len(pending)} unanswered {TIMEOUT:g} s after the step"] if pending else []
    return {
        "target": target.name,
        "rate": rate,
        "sent": count,
        "errors": failed,
        "error_samples": errors[:3] + late,
        "p50_ms": round(percentile(measured, 0.5), 2),
        "p99_ms": round(p99, 2),
        "by_kind_p99_ms": {k: round(percentile(v, 0.99), 2) for k, v in latencies.items()},
        "generator_cpu": round(cpu / wall, 3),
        "generator_lag_ms": round(lag * 1000, 1),
        "passed": failed == 0 and bool(measured) and p99 < plan["p99_ms"],
    }


async def drain(target: Target) -> None:
    """Waits until an overloaded target has worked off its queue (one request sent
    now is answered after those still queued), so the next step of the other target
    does not share the machine with it."""
    try:
        conn = await Connection.open(target.port)
        try:
            await asyncio.wait_for(conn.exchange(next(iter(target.probes.values()))), 60)
        finally:
            conn.close()
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
        pass


async def steps(targets: list[Target], plan: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for target in targets:  # warm-up, not reported: connections, caches, JITs
        await step(target, plan["rates"][0], plan["step_seconds"], plan)
    active = list(targets)
    failures = {t.name: 0 for t in targets}
    for n, rate in enumerate(plan["rates"]):
        for target in list(active if n % 2 == 0 else reversed(active)):
            gc.collect()
            gc.disable()  # the generator's own collections must not show as latency
            try:
                result = await step(target, rate, plan["step_seconds"], plan)
            finally:
                gc.enable()
            found.append(result)
            print(f"   {json.dumps(result)}", file=sys.stderr, flush=True)
            failures[target.name] = 0 if result["passed"] else failures[target.name] + 1
            if not result["passed"]:
                await drain(target)
            if failures[target.name] >= 2:
                active.remove(target)
            await asyncio.sleep(plan.get("pause_seconds", 0.3))
        if not active:
            break
    return found


async def run(plan: dict[str, Any]) -> dict[str, Any]:
    targets = [Target(name, spec, plan["connections"]) for name, spec in plan["targets"].items()]
    cpu, wall = time.process_time(), time.perf_counter()
    single, errors = await probe(targets, plan["probe_count"])
    found = await steps(targets, plan)
    for target in targets:
        target.pool.close()
    passed = [(s["target"], s["rate"]) for s in found if s["passed"]]
    best = {t.name: max((r for n, r in passed if n == t.name), default=0.0) for t in targets}
    return {
        "single_ms": single,
        "single_errors": errors,
        "steps": found,
        "best_rate": best,
        "generator_cpu_seconds": round(time.process_time() - cpu, 2),
        "generator_wall_seconds": round(time.perf_counter() - wall, 2),
    }


def main() -> int:
    plan = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(run(plan))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
