"""Workload 3: eight concurrent writers on PostgreSQL, each deciding on its own
product, against one writer: the total rate must not collapse under the event
table's lock.

Measured twice: with threads sharing one application (one server's thread pool;
the GIL is held while Python decides and released while the database works) and
with processes each owning an application (replicas; no shared GIL)."""

from __future__ import annotations

import multiprocessing
import threading
import time
from typing import Any

from bench.harness import AT_LEAST, Result, Target, alternate, median
from bench.recording import open_app
from bench.seed import Crew, gather
from bench.sizes import Sizes
from bench.stores import database

TARGET = Target(AT_LEAST, 1.0)


def rate(crew: Crew, products: list[str], seconds: float) -> float:
    """Decisions per second of one thread per product, for `seconds`."""
    counts = [0] * len(products)
    stop = threading.Event()
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            i = 0
            while not stop.is_set():
                crew.prioritize(products[n], i)
                i += 1
                counts[n] += 1
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(products))]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def _process_writer(url: str, tag: str, items: int, start: Any, seconds: float, out: Any) -> None:
    app = open_app(url, {})
    try:
        crew = gather(app, items=items, tag=tag)
        out.put("ready")
        start.wait()
        out.put(rate(crew, crew.products, seconds))
    finally:
        app.close()


def process_rate(url: str, writers: int, items: int, seconds: float) -> float:
    """Decisions per second of `writers` processes together, each with its own application."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    out = context.Queue()
    workers = [
        context.Process(target=_process_writer, args=(url, f"p{n}", items, start, seconds, out))
        for n in range(writers)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        out.get(timeout=120)
    start.set()
    # The writers run over the same window: their rates add up.
    total = sum(float(out.get(timeout=120)) for _ in workers)
    for worker in workers:
        worker.join(30)
    return total


def concurrent_writers(backend: str, sizes: Sizes) -> list[Result]:
    with database(backend) as url:
        app = open_app(url, {})
        try:
            crew = gather(app, products=sizes.writers, items=sizes.items)
            one = crew.products[:1]
            samples = alternate(
                {
                    "ours": lambda: rate(crew, crew.products, sizes.writer_seconds),
                    "baseline": lambda: rate(crew, one, sizes.writer_seconds),
                },
                repeats=max(3, sizes.repeats // 2),
            )
            # Processes: one sample after the threads (each start-up seeds its crew).
            processes = process_rate(url, sizes.process_writers, sizes.items, sizes.writer_seconds)
            single = rate(crew, one, sizes.writer_seconds)
        finally:
            app.close()
    name = f"3 {sizes.writers} concurrent writers"
    return [
        Result(
            f"{name} (threads)",
            backend,
            "decisions/s",
            ours=median(samples["ours"]),
            baseline=median(samples["baseline"]),
            target=TARGET,
            samples=samples,
            note="vs one writer",
        ),
        Result(
            f"3 {sizes.process_writers} concurrent writers (processes)",
            backend,
            "decisions/s",
            ours=processes,
            baseline=single,
            target=TARGET,
            note="vs one writer",
        ),
    ]
