"""Workload 16 (issue 20): Tandem against a peer, PostGraphile 4, serving the same
backlog (200 items; --quick: 30) from the same PostgreSQL database: PostGraphile over
a SQL view of Tandem's backlog tables (bench/peer_view.py), Tandem through `tandem serve`. One
load generator in its own process alternates between the two: single-client medians
of backlog(first 20) and `{__typename}`, then fixed rates of backlog(first 20) until
the p99 passes 100 ms. Then again with `tandem serve --workers 2`, where the command
has that option. PostGraphile runs without authentication; Tandem checks a token and
a membership on every request."""

from __future__ import annotations

import traceback
from contextlib import ExitStack
from typing import Any

from bench import postgraphile
from bench.api_serving import free_port, spawn_server, stop_server, wait_ready
from bench.harness import AT_LEAST, AT_MOST, Result, Target, not_run
from bench.load_plan import (
    BACKLOG,
    TYPENAME,
    Seeded,
    generate,
    graphql,
    has_workers,
    highest_rate,
    seed,
    serve_tandem,
    single_status,
    target,
)
from bench.peer_view import ranked_view
from bench.sizes import Sizes
from bench.stores import database

PEER_BACKLOG = (
    "query Small($id: String!) { allRankedItems(condition: {productId: $id}, "
    "orderBy: RANK_ASC, first: 20) { nodes { id title status rank estimate } } }"
)
RATE = "16 peer: highest rate, p99 < 100 ms"
WORKERS = "16 peer: highest rate, p99 < 100 ms, --workers 2"


def peer_workload(backend: str, sizes: Sizes) -> list[Result]:
    cli = postgraphile.installed()
    if isinstance(cli, str):
        print(f"   peer workload skipped: {cli}")
        return [not_run("16 peer vs PostGraphile", backend, cli)]
    with ExitStack() as stack:
        url = stack.enter_context(database(backend))
        seeded = seed(url, sizes.items)
        dsn, schema = stack.enter_context(ranked_view(url))
        peer_port = free_port()
        command = postgraphile.command(cli, dsn, schema, peer_port)
        # Both start at once: each takes tens of seconds on a loaded machine.
        peer = spawn_server(command, url, peer_port, env={"NODE_ENV": "production"})
        stack.callback(stop_server, peer)
        tandem, port = serve_tandem(seeded)
        stack.callback(stop_server, tandem)
        wait_ready(peer, peer_port, postgraphile.answers)
        backlog = graphql(peer_port, PEER_BACKLOG, {"id": seeded.product})
        typename = graphql(peer_port, TYPENAME, {})
        peer_target = target(
            peer_port, [("query", 1.0, [backlog])], {"query": backlog, "typename": typename}
        )
        report = generate(
            {"tandem": tandem_target(port, seeded), "postgraphile": peer_target},
            sizes,
            measured=["query"],
        )
        found = results(backend, report)
        if not has_workers():
            why = "tandem serve has no --workers option in this tree"
            print(f"   peer --workers 2 skipped: {why}")
            return [*found, not_run(WORKERS, backend, why, Target(AT_LEAST, 0.66))]
        stop_server(tandem)
        try:
            tandem, port = serve_tandem(seeded, workers=2)
            stack.callback(stop_server, tandem)
            second = generate(
                {"tandem": tandem_target(port, seeded), "postgraphile": peer_target},
                sizes,
                measured=["query"],
            )
        except Exception as error:  # the one-process figures above still stand
            traceback.print_exc()
            why = f"{type(error).__name__}: {error}"[:200]
            return [*found, Result(WORKERS, backend, "", status="ERROR", note=why)]
        return [*found, rate(WORKERS, backend, second, 0.66)]


def tandem_target(port: int, seeded: Seeded) -> dict[str, Any]:
    query = graphql(port, BACKLOG, {"id": seeded.product}, seeded.token)
    typename = graphql(port, TYPENAME, {}, seeded.token)
    return target(port, [("query", 1.0, [query])], {"query": query, "typename": typename})


def rate(name: str, backend: str, report: dict[str, Any], share: float) -> Result:
    what = "backlog(first 20), vs PostGraphile 4 (no auth)"
    return highest_rate(name, backend, report, "postgraphile", share, what)


def results(backend: str, report: dict[str, Any]) -> list[Result]:
    single = report["single_ms"]
    ours, peer = single["tandem"], single["postgraphile"]
    failed = single_status(report)
    found = [
        Result(
            "16 peer: backlog(first 20) median, one client",
            backend,
            "ms",
            ours=ours["query"],
            baseline=peer["query"],
            target=Target(AT_MOST, 2.0),
            status=failed["status"],
            note=f"{failed['prefix']}vs PostGraphile 4 over a SQL view of the same backlog",
        ),
        Result(
            "16 peer: {__typename} median, one client",
            backend,
            "ms",
            ours=ours["typename"],
            baseline=peer["typename"],
        ),
        rate(RATE, backend, report, 0.33),
    ]
    return [*found, at_half_rate(backend, report)]


def at_half_rate(backend: str, report: dict[str, Any]) -> Result:
    """Tandem's p99 against its median at the step nearest half its sustainable rate."""
    name = "16 peer: Tandem p99 / median at half the sustainable rate"
    best = report["best_rate"]["tandem"]
    steps = [s for s in report["steps"] if s["target"] == "tandem" and s["rate"] <= best]
    if not steps:
        return not_run(name, backend, "no rate passed", Target(AT_MOST, 3.0))
    step = min(steps, key=lambda s: abs(s["rate"] - best / 2))
    return Result(
        name,
        backend,
        "ms",
        ours=step["p99_ms"],
        baseline=step["p50_ms"],
        target=Target(AT_MOST, 3.0),
        note=f"at {step['rate']:g} req/s (sustainable {best:g})",
    )
