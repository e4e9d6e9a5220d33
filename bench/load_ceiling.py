"""Workload 15 (issue 19): open-loop load on one `tandem serve` on PostgreSQL, 80%
backlog(first 20) queries and 20% prioritizeItem decisions at fixed rates, against
the ceiling: a plain FastAPI + asyncpg route (bench/ceiling_app.py) serving the same
backlog from the same database, under the same generator in its own process. The
figure is the highest rate whose query p99 stays under 100 ms without an error."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import Any

from bench.api_serving import free_port, start_server, stop_server
from bench.harness import Result
from bench.load_plan import (
    BACKLOG,
    TYPENAME,
    decisions,
    generate,
    graphql,
    highest_rate,
    seed,
    serve_tandem,
    single_status,
    target,
)
from bench.peer_view import ranked_view
from bench.raw_http import request_bytes
from bench.sizes import Sizes
from bench.stores import database


def start_ceiling(url: str, dsn: str, schema: str) -> tuple[Any, int]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.ceiling_app:create", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    env = {"BENCH_CEILING_DSN": dsn, "BENCH_CEILING_SCHEMA": schema}
    return start_server(command, url, port, env=env), port


def open_loop_load(backend: str, sizes: Sizes) -> list[Result]:
    with ExitStack() as stack:
        url = stack.enter_context(database(backend))
        seeded = seed(url, sizes.items)
        dsn, schema = stack.enter_context(ranked_view(url))
        ceiling, ceiling_port = start_ceiling(url, dsn, schema)
        stack.callback(stop_server, ceiling)
        tandem, port = serve_tandem(seeded)
        stack.callback(stop_server, tandem)
        query = graphql(port, BACKLOG, {"id": seeded.product}, seeded.token)
        decide = decisions(port, seeded)
        plain = request_bytes(ceiling_port, f"/backlog/{seeded.product}?first=20")
        report = generate(
            {
                "tandem": target(
                    port,
                    [("query", 0.8, [query]), ("decision", 0.2, decide)],
                    {
                        "query": query,
                        "decision": decide[0],
                        "typename": graphql(port, TYPENAME, {}, seeded.token),
                    },
                ),
                "ceiling": target(ceiling_port, [("query", 1.0, [plain])], {"query": plain}),
            },
            sizes,
            measured=["query"],
        )
    return results(backend, report)


def results(backend: str, report: dict[str, Any]) -> list[Result]:
    single = report["single_ms"]
    failed = single_status(report)
    what = (
        "80% backlog(first 20) / 20% prioritizeItem, one tandem serve, vs a plain "
        "FastAPI + asyncpg route (reads only)"
    )
    return [
        highest_rate(
            "15 open-loop load: highest rate, query p99 < 100 ms",
            backend,
            report,
            "ceiling",
            0.33,
            what,
        ),
        Result(
            "15 one client: backlog(first 20) median",
            backend,
            "ms",
            ours=single["tandem"]["query"],
            baseline=single["ceiling"]["query"],
            status=failed["status"],
            note=(
                f"{failed['prefix']}vs the plain route; prioritizeItem round trip "
                f"{single['tandem']['decision']:.1f} ms, "
                f"{single['tandem']['decision'] / single['tandem']['typename']:.1f}x "
                f"{{__typename}} ({single['tandem']['typename']:.2f} ms)"
            ),
            details={"single_ms": single},
        ),
    ]
