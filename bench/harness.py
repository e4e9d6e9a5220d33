"""Measuring and reporting: alternating samples, medians, one result row per figure."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

Sampler = Callable[[], float]


@dataclass(frozen=True)
class Target:
    """What the ratio must satisfy: `ratio <= value` or `ratio >= value`."""

    op: str
    value: float

    def met(self, ratio: float) -> bool:
        return ratio <= self.value if self.op == "<=" else ratio >= self.value

    def __str__(self) -> str:
        return f"{'≤' if self.op == '<=' else '≥'} {self.value:g}x"


AT_MOST = "<="
AT_LEAST = ">="


@dataclass
class Result:
    """One row of the table. `ratio` is always ours / baseline, in `unit`."""

    workload: str
    backend: str
    unit: str
    ours: float | None = None
    baseline: float | None = None
    target: Target | None = None
    note: str = ""
    status: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline

    @property
    def verdict(self) -> str:
        if self.status:
            return self.status
        ratio = self.ratio
        if self.target is None or ratio is None:
            return "info"
        return "pass" if self.target.met(ratio) else "FAIL"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = str(self.target) if self.target else None
        data["target_op"] = self.target.op if self.target else None
        data["target_value"] = self.target.value if self.target else None
        data["ratio"] = self.ratio
        data["verdict"] = self.verdict
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        target = data.get("target_op")
        return cls(
            data["workload"],
            data["backend"],
            data["unit"],
            ours=data["ours"],
            baseline=data["baseline"],
            target=Target(target, data["target_value"]) if target else None,
            note=data["note"],
            status=data["status"],
            samples=data["samples"],
            details=data["details"],
        )


def not_run(workload: str, backend: str, why: str, target: Target | None = None) -> Result:
    return Result(workload, backend, unit="", target=target, note=why, status="not run")


def alternate(
    samplers: dict[str, Sampler], *, repeats: int, warmup: int = 1
) -> dict[str, list[float]]:
    """Runs the samplers in turns (A B, then B A, ...) after a warm-up of each, so
    drift and neighbours' noise fall on both sides alike; returns every sample."""
    for _ in range(warmup):
        for sample in samplers.values():
            sample()
    samples: dict[str, list[float]] = {name: [] for name in samplers}
    names = list(samplers)
    for round_ in range(repeats):
        for name in names if round_ % 2 == 0 else reversed(names):
            samples[name].append(samplers[name]())
    return samples


def interleave(
    operations: dict[str, Callable[[int], None]], *, count: int, warmup: int = 20
) -> dict[str, list[float]]:
    """Times single operations in turns (A B, B A, ...), in microseconds each: on a
    busy machine a neighbour's fsync then lands on one operation of either side,
    and the medians compare the typical cost, not who was unlucky. Also records the
    CPU time of this thread per operation ("<name> cpu"), which the neighbours'
    load does not stretch as much."""
    names = list(operations)
    for i in range(warmup):
        for name in names:
            operations[name](i)
    samples: dict[str, list[float]] = {key: [] for name in names for key in (name, f"{name} cpu")}
    clock, cpu = time.perf_counter, time.thread_time
    for i in range(count):
        for name in names if i % 2 == 0 else reversed(names):
            start, start_cpu = clock(), cpu()
            operations[name](i)
            samples[f"{name} cpu"].append((cpu() - start_cpu) * 1e6)
            samples[name].append((clock() - start) * 1e6)
    return samples


def median(values: list[float]) -> float:
    return statistics.median(values)


def per_op_us(operation: Callable[[int], None], count: int) -> Sampler:
    """A sampler timing `operation(i)` for `count` calls, in microseconds per call."""

    def sample() -> float:
        start = time.perf_counter()
        for i in range(count):
            operation(i)
        return (time.perf_counter() - start) / count * 1e6

    return sample


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as took:` leaves the elapsed seconds in took[0]."""
    took = [0.0]
    start = time.perf_counter()
    try:
        yield took
    finally:
        took[0] = time.perf_counter() - start


def figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if value >= 100_000:
        text = f"{value:,.0f}"
    elif value >= 100:
        text = f"{value:.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


HEADERS = ("workload", "backend", "ours", "baseline", "ratio", "target", "result")


def rows(results: list[Result]) -> list[tuple[str, ...]]:
    table = []
    for r in results:
        ratio = r.ratio
        table.append(
            (
                r.workload,
                r.backend,
                figure(r.ours, r.unit),
                figure(r.baseline, r.unit),
                "—" if ratio is None else f"{ratio:.2f}x",
                str(r.target) if r.target else "—",
                r.verdict + (f" ({r.note})" if r.note else ""),
            )
        )
    return table


def render_text(results: list[Result]) -> str:
    table = [HEADERS, *rows(results)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADERS) - 1)]
    lines = []
    for n, row in enumerate(table):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]))
        if n == 0:
            lines.append("  ".join("-" * w for w in [*widths, len(HEADERS[-1])]))
    return "\n".join(lines)


def render_markdown(results: list[Result]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for row in rows(results):
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
    return "\n".join(lines)
