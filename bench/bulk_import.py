"""Workload 4: the batched path an importer or the demo seeder uses (domain.bulk.Batch:
many decisions checked one by one, saved in one transaction) against recording the
same decisions one at a time."""

from __future__ import annotations

import time

from bench.harness import AT_LEAST, Result, Sampler, Target, alternate, median
from bench.recording import open_app
from bench.seed import Crew, gather
from bench.sizes import Sizes
from bench.stores import database
from domain.bulk import Batch

TARGET = Target(AT_LEAST, 15.0)


def batched(crew: Crew, product: str, decisions: int, batch: int) -> Sampler:
    def sample() -> float:
        start = time.perf_counter()
        for first in range(0, decisions, batch):
            with Batch(crew.app, product):
                for i in range(first, min(first + batch, decisions)):
                    crew.prioritize(product, i)
        return decisions / (time.perf_counter() - start)

    return sample


def one_by_one(crew: Crew, product: str, decisions: int) -> Sampler:
    def sample() -> float:
        start = time.perf_counter()
        for i in range(decisions):
            crew.prioritize(product, i)
        return decisions / (time.perf_counter() - start)

    return sample


def bulk_import(backend: str, sizes: Sizes) -> list[Result]:
    with database(backend) as url:
        app = open_app(url, {})
        try:
            crew = gather(app, items=sizes.items)
            product = crew.products[0]
            samples = alternate(
                {
                    "ours": batched(crew, product, sizes.bulk_decisions, sizes.bulk_batch),
                    "baseline": one_by_one(crew, product, sizes.decisions),
                },
                repeats=sizes.repeats,
            )
        finally:
            app.close()
    return [
        Result(
            "4 bulk import",
            backend,
            "decisions/s",
            ours=median(samples["ours"]),
            baseline=median(samples["baseline"]),
            target=TARGET,
            samples=samples,
            note=f"{sizes.bulk_batch} per save vs one per save",
        )
    ]
