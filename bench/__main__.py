"""`python -m bench [--quick] [--only 1,2,5] [--backends sqlite,postgres]`

Runs the workloads on SQLite and PostgreSQL, prints one table (workload, backend,
ours, baseline, ratio, target, result) and writes bench/results.json. Every ratio is
ours / baseline with both measured in this run; `--markdown` prints the table of the
last results.json for the README instead of running anything.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import workloads
from bench.harness import Result, render_markdown, render_text
from bench.machine import describe
from bench.sizes import FULL, QUICK
from bench.stores import BACKENDS, postgres_available

RESULTS = Path(__file__).resolve().parent / "results.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke run, well under a minute")
    parser.add_argument("--only", default="", help="workload numbers, e.g. 1,2,5")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--markdown", action="store_true", help="print the last results")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(args.output))
        return 0
    logging.basicConfig(level=logging.WARNING)
    sizes = QUICK if args.quick else FULL
    only = {int(n) for n in args.only.split(",") if n.strip()}
    backends = [b for b in args.backends.split(",") if b]
    started = time.perf_counter()
    results: list[Result] = []
    unavailable = postgres_available() if "postgres" in backends else None
    for number, name, run in sorted(workloads.ALL, key=lambda w: w[0]):
        if only and number not in only:
            continue
        for backend in backends:
            if not workloads.applies(number, backend):
                continue
            if backend == "postgres" and unavailable:
                results.append(workloads.skipped(number, backend, unavailable))
                continue
            results += measure(name, backend, lambda run=run, b=backend: run(b, sizes))
    workloads.finish()
    elapsed = time.perf_counter() - started
    print()
    print(render_text(results))
    print(f"\n{len(results)} rows in {elapsed:.0f} s; written to {args.output}")
    write(args.output, results, quick=args.quick, elapsed=elapsed, backends=backends)
    return 0


def measure(name: str, backend: str, run: Callable[[], list[Result]]) -> list[Result]:
    """Runs one workload; a crash becomes an ERROR row, not the end of the suite."""
    print(f"-- {name} on {backend}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        found = run()
    except Exception as error:
        traceback.print_exc()
        found = [Result(name, backend, "", status="ERROR", note=f"{type(error).__name__}")]
    for result in found:
        result.details.setdefault("seconds", round(time.perf_counter() - started, 1))
        print(f"   {result.workload}: {result.verdict} {result.ratio}", file=sys.stderr)
    return found


def write(
    path: Path, results: list[Result], *, quick: bool, elapsed: float, backends: list[str]
) -> None:
    document: dict[str, Any] = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "seconds": round(elapsed, 1),
        "machine": describe("postgres" in backends),
        "results": [r.to_json() for r in results],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def markdown(path: Path) -> str:
    document = json.loads(path.read_text())
    results = [Result.from_json(r) for r in document["results"]]
    machine = document["machine"]
    return (
        f"{render_markdown(results)}\n\n"
        f"Measured {document['at']} ({'quick' if document['quick'] else 'full'} run, "
        f"{document['seconds']:.0f} s) on {machine['summary']}."
    )


if __name__ == "__main__":
    sys.exit(main())
