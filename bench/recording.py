"""Workloads 1 and 2: recording one decision (prioritizeItem through the application
service: validation, permission checks, idempotency fingerprint, optimistic save)
against the driver inserting one event row in its own transaction."""

from __future__ import annotations

from bench.floors import floor_for, last_event_shape
from bench.harness import AT_MOST, Result, Target, interleave, median
from bench.seed import gather
from bench.sizes import Sizes
from bench.stores import database
from domain.application import Tandem
from domain.persistence.store_url import StoreUrl

TARGET = Target(AT_MOST, 2.0)


def variants(backend: str) -> list[tuple[str, dict[str, str]]]:
    """(label, library settings over the configured ones) of each measured store."""
    if backend == "sqlite":
        return [("", {})]
    library = {"APPLICATION_RECORDER_TOPIC": ""}
    return [
        ("", {}),
        ("library insert, LOCK TABLE", library),
        ("library db functions", {**library, "POSTGRES_ENABLE_DB_FUNCTIONS": "y"}),
    ]


def open_app(url: str, overrides: dict[str, str]) -> Tandem:
    return Tandem({**StoreUrl.parse(url).library_env(), **overrides})


def sample_variant(backend: str, overrides: dict[str, str], sizes: Sizes) -> dict[str, list[float]]:
    with database(backend) as url:
        app = open_app(url, overrides)
        try:
            crew = gather(app, items=sizes.items)
            product = crew.products[0]
            crew.prioritize(product, 0)
            floor = floor_for(backend)(url, *last_event_shape(app))
            try:
                return interleave(
                    {"ours": lambda i: crew.prioritize(product, i), "baseline": floor.record},
                    count=sizes.decisions * sizes.repeats,
                )
            finally:
                floor.close()
        finally:
            app.close()


def record_one(backend: str, sizes: Sizes) -> list[Result]:
    workload = "1 record one decision" if backend == "postgres" else "2 record one decision"
    results = []
    for label, overrides in variants(backend):
        samples = sample_variant(backend, overrides, sizes)
        results.append(
            Result(
                workload + (f" ({label})" if label else ""),
                backend,
                "µs",
                ours=median(samples["ours"]),
                baseline=median(samples["baseline"]),
                target=TARGET,
                note="median of single decisions, interleaved with the floor's",
                details={
                    "settings": overrides,
                    "medians_us": {k: round(median(v), 1) for k, v in samples.items()},
                    "means_us": {k: round(sum(v) / len(v), 1) for k, v in samples.items()},
                },
            )
        )
    return results
