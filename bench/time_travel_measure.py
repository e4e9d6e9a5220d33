"""The time travel benchmark's measurements (bench/time_travel.py runs them): cold asOf
pages, full replays, the current backlog (a page and the whole) and one-month
retrospectives, interleaved so that all see the same load on the machine."""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import random
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from api.composition import Container
from projections.backlog import render

WINDOW = timedelta(days=30)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(call: Callable[..., Any], *args: Any, repeat: int = 1, prepare: Any = list) -> float:
    """The best of `repeat` runs: on a machine shared with other work, contention only
    ever adds time, so the minimum is the steadiest estimate of the cost."""
    best = float("inf")
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        call(*args)
        best = min(best, time.perf_counter() - started)
    return best


@dataclass
class History:
    product_ids: list[str]
    first: datetime
    last: datetime


def history(tandem: Container, product_ids: list[str]) -> History:
    with tandem.projections.store.transaction() as tx:
        rows = tx.fetchall("SELECT MIN(at), MAX(at) FROM decisions")
    first, last = (datetime.fromisoformat(value) for value in rows[0])
    return History(product_ids, first, last)


def instants(span: History, count: int, rng: random.Random, room: timedelta) -> list[datetime]:
    seconds = (span.last - span.first - room).total_seconds()
    return [span.first + timedelta(seconds=rng.uniform(0, seconds)) for _ in range(count)]


def full_replay(tandem: Container, product_id: str, at: datetime) -> list[Any]:
    """The baseline: the product folded from its first event, no snapshot."""
    version = tandem.time_travel.version_at(product_id, at)
    product: Any = None
    for event in tandem.app.events.get(uuid.UUID(product_id), lte=version):
        product = cast(Any, event).mutate(product)
    return render.backlog_rows(product)[:100]


class CurrentBacklog:
    """The current-backlog query (first 100) through the async reader, as GraphQL
    runs it, on one event loop kept for the whole run."""

    def __init__(self, tandem: Container) -> None:
        self.loop = asyncio.new_event_loop()
        self.reader = tandem.reader()

    def __call__(self, product_id: str, first: int = 100) -> None:
        self.loop.run_until_complete(self.reader.backlog(product_id, None, first, 0))

    def whole(self, product_id: str) -> None:
        """Every ranked item: the rows a retrospective's rank changes list, ready made."""
        self(product_id, first=1 << 20)

    def close(self) -> None:
        self.loop.run_until_complete(self.reader.close())
        self.loop.close()


def measure(
    tandem: Container,
    span: History,
    samples: int,
    replays: int,
    seed: int,
    profile: bool,
    repeat: int,
) -> dict[str, Any]:
    """Cold queries (the reconstruction cache is cleared before each), interleaved
    with the current-backlog query so that both see the same load on the machine;
    each instant's time is the best of `repeat` runs, the result the median."""
    rng = random.Random(seed)
    travel = tandem.time_travel
    cases = [
        (rng.choice(span.product_ids), at) for at in instants(span, samples, rng, timedelta(0))
    ]
    windows = instants(span, samples, rng, WINDOW)
    # So the same script measures older commits too (before/after a change).
    clear = getattr(travel, "clear_cache", travel._cache.clear)
    page = getattr(travel, "backlog_page", None)

    def as_of(product_id: str, at: datetime) -> None:
        if page is not None:
            page(product_id, at, None, 100, 0)
        else:
            travel.backlog(product_id, at)[:100]

    def retrospective(product_id: str, start: datetime) -> None:
        travel.retrospective(product_id, start, start + WINDOW)

    profiler = cProfile.Profile() if profile else None
    current = CurrentBacklog(tandem)
    as_of_times: list[float] = []
    current_times: list[float] = []
    retro_times: list[float] = []
    whole_times: list[float] = []
    replay_times: list[float] = []
    every_replay = max(len(cases) // max(replays, 1), 1)
    try:
        current(cases[0][0])  # connect first
        for n, (product_id, at) in enumerate(cases):
            if profiler:
                profiler.enable()
            as_of_times.append(timed(as_of, product_id, at, repeat=repeat, prepare=clear))
            if profiler:
                profiler.disable()
            current_times.append(timed(current, product_id, repeat=repeat))
            if n % 4 == 0:
                start = windows[n]
                retro_times.append(
                    timed(retrospective, product_id, start, repeat=repeat, prepare=clear)
                )
                whole_times.append(timed(current.whole, product_id, repeat=repeat))
            if n % every_replay == 0 and len(replay_times) < replays:
                replay_times.append(timed(full_replay, tandem, product_id, at))
    finally:
        current.close()
    result: dict[str, Any] = {
        "as_of_ms": median_ms(as_of_times),
        "as_of_p95_ms": sorted(as_of_times)[int(len(as_of_times) * 0.95) - 1] * 1000,
        "full_replay_ms": median_ms(replay_times),
        "current_ms": median_ms(current_times),
        "retrospective_ms": median_ms(retro_times),
        "current_whole_ms": median_ms(whole_times),
        "samples": samples,
        "best_of": repeat,
        "replays": len(replay_times),
        "windows": len(retro_times),
    }
    result["replay_over_as_of"] = result["full_replay_ms"] / result["as_of_ms"]
    result["as_of_over_current"] = result["as_of_ms"] / result["current_ms"]
    result["retro_over_current"] = result["retrospective_ms"] / result["current_ms"]
    result["retro_over_whole"] = result["retrospective_ms"] / result["current_whole_ms"]
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        result["profile"] = out.getvalue()
    return result
