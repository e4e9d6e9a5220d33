"""Workloads 7-10: the GraphQL API over HTTP on loopback.

7-9 share one server per backend (bench/api_server.py: the real app plus a plain
route and server-side timings); 10 runs `tandem serve` itself under load.
  7  backlog, first 20 items: GraphQL vs a plain FastAPI route on the same view query
  8  1,000 items with assignments and members: our server vs graphql-core executing
     the same document over the response's data fetched up front; SQL statements
     per request on backlogs of three sizes
     (7 and 8 each twice: every request run, the response cache off; then the
     answer kept, as by default)
  9  the same backlog vs the driver floor (a fetch of the rows + orjson), and what a
     precomputed representation (one stored JSON document per backlog) would cost
 10  50 clients, 80% queries / 20% decisions, against one `tandem serve` on PostgreSQL
"""

from __future__ import annotations

from typing import Any

import httpx

from api.graphql.schema import served_sdl
from bench import graphql_core_floor as floor
from bench.api_floor import blob_sampler, floor_sampler
from bench.api_serving import Session, session
from bench.harness import AT_MOST, Result, Sampler, Target, alternate, median, not_run
from bench.load import load
from bench.sizes import Sizes

KEPT = 512
"""The response cache's default size (TANDEM_RESPONSE_CACHE)."""
RUNS = (
    (0, "", "every request runs (TANDEM_RESPONSE_CACHE=0)"),
    (KEPT, ", kept answer", "the answer kept (the default)"),
)

SMALL = (
    "query Small($id: ID!) { product(id: $id) { backlog(first: 20) { edges { node "
    "{ id title status rank estimate } } } } }"
)
ITEM = (
    "id title kind status rank estimate version acceptanceCriteria "
    "assignments { percent member { id name } }"
)
BIG = (
    "query Big($id: ID!, $after: String) { product(id: $id) { id name "
    "members { role member { id name } } "
    f"head: backlog(first: 500) {{ totalCount edges {{ node {{ {ITEM} }} }} }} "
    f"tail: backlog(first: 500, after: $after) {{ edges {{ node {{ {ITEM} }} }} }} }} }}"
)


def server_us(api: Session, kind: str, request: Any, count: int) -> Sampler:
    """Median server time (µs) of `count` requests, read back from the server."""

    def sample() -> float:
        for _ in range(count):
            request()
        timings = api.client.get("/bench/timings").json()
        return median(timings[kind]) * 1e6

    return sample


def keeping(api: Session, entries: int) -> None:
    """Sets how many answers the server's response cache keeps (0: every request runs)."""
    api.client.post(f"/bench/kept/{entries}").raise_for_status()


def small_query(backend: str, sizes: Sizes) -> list[Result]:
    api = session(backend, sizes)
    product = api.products[0]

    def graphql_request() -> None:
        api.graphql(SMALL, {"id": product})

    def plain_request() -> None:
        api.client.get(f"/bench/backlog/{product}", params={"first": 20}).raise_for_status()

    samplers = {
        "ours": server_us(api, "/graphql", graphql_request, sizes.api_requests * 3),
        "baseline": server_us(api, "plain", plain_request, sizes.api_requests * 3),
    }
    row = ("7 GraphQL small query", "server time; vs plain FastAPI route, same view query")
    results = run_and_kept(api, backend, sizes, (*row, 3.0), samplers)
    return [*results, graphql_core_alone(api, backend, sizes, plain=results[0].baseline)]


def graphql_core_alone(api: Session, backend: str, sizes: Sizes, plain: float | None) -> Result:
    """What graphql-core alone spends executing the small query over its own answer
    (parsed and validated once, in a process of its own): added to the plain route's
    read, the lowest the row above could reach."""
    variables = {"id": api.products[0]}
    data = api.graphql(SMALL, variables)
    sample = floor.sampler(served_sdl(), SMALL, variables, data, 500, parsed_once=True)
    samples = [sample() for _ in range(sizes.repeats)]
    return Result(
        "7 graphql-core alone, same document and answer",
        backend,
        "µs",
        ours=median(samples),
        baseline=plain,
        status="info",
        samples={"graphql-core": samples},
        note="vs the plain route above: executing the document costs this much before any read",
    )


def run_and_kept(
    api: Session,
    backend: str,
    sizes: Sizes,
    row: tuple[str, str, float],
    samplers: dict[str, Sampler],
) -> list[Result]:
    """A row (name, note, the ratio aimed at) measured with every request run (the
    response cache off), then with the answer kept; the cache is left on."""
    name, note, ratio = row
    results = []
    for entries, suffix, how in RUNS:
        keeping(api, entries)
        samples = alternate(samplers, repeats=sizes.repeats)
        ours, baseline = median(samples["ours"]), median(samples["baseline"])
        target = Target(AT_MOST, ratio)
        results.append(
            Result(
                f"{name}{suffix}",
                backend,
                "µs",
                ours=ours,
                baseline=baseline,
                target=target,
                samples=samples,
                note=f"{note}; {how}",
            )
        )
    return results


def big_variables(api: Session, product: str) -> dict[str, Any]:
    page = api.graphql(
        "query($id: ID!) { product(id: $id) { backlog(first: 500) { pageInfo { endCursor } } } }",
        {"id": product},
    )
    return {"id": product, "after": page["product"]["backlog"]["pageInfo"]["endCursor"]}


def big_backlog(backend: str, sizes: Sizes) -> list[Result]:
    api = session(backend, sizes)
    sized = dict(zip(sizes.api_items, api.products, strict=True))
    product = sized[sizes.api_items[1]]
    variables = big_variables(api, product)
    data = api.graphql(BIG, variables)
    served = len(data["product"]["head"]["edges"]) + len(data["product"]["tail"]["edges"])
    samplers = {
        "ours": server_us(api, "/graphql", lambda: api.graphql(BIG, variables), sizes.api_requests),
        "baseline": floor.sampler(served_sdl(), BIG, variables, data, sizes.api_requests),
    }
    note = "server time vs graphql-core over the data fetched up front"
    row = (f"8 GraphQL {served:,}-item backlog", note, 1.3)
    results = run_and_kept(api, backend, sizes, row, samplers)
    api.big = (product, variables, results[0].ours, served)  # the run, not the kept answer
    keeping(api, 0)  # statements of a request that runs; workload 9 runs them too
    counts = {n: api.statements(BIG, big_variables(api, p)) for n, p in sized.items()}
    keeping(api, KEPT)
    small, middle, large = (counts[n] for n in sizes.api_items)
    constant = middle == large and small <= middle
    return [
        *results,
        Result(
            "8 SQL statements per request",
            backend,
            "statements",
            ours=large,
            baseline=small,
            status="pass" if constant else "FAIL",
            note=" / ".join(f"{n:,} items: {c}" for n, c in counts.items()),
        ),
    ]


def hot_path(backend: str, sizes: Sizes) -> list[Result]:
    api = session(backend, sizes)
    if api.big is None:
        big_backlog(backend, sizes)
    assert api.big is not None
    product, variables, ours, served = api.big
    body = httpx.Response(200, content=api.raw(BIG, variables)).content
    samples = alternate(
        {
            "floor": floor_sampler(api.url, product, sizes.api_requests),
            "blob": blob_sampler(api.url, product, body, sizes.api_requests),
        },
        repeats=sizes.repeats,
    )
    floor = median(samples["floor"])
    return [
        Result(
            f"9 hot path: generic GraphQL, {served:,} items",
            backend,
            "µs",
            ours=ours,
            baseline=floor,
            target=Target(AT_MOST, 3.0),
            samples=samples,
            note="vs driver fetch + orjson of the rows",
        ),
        Result(
            "9 hot path: precomputed document (measured, not built)",
            backend,
            "µs",
            ours=median(samples["blob"]),
            baseline=floor,
            target=Target(AT_MOST, 3.0),
            note=f"fetch of one stored {len(body) // 1024} KiB response",
        ),
    ]


def load_test(backend: str, sizes: Sizes) -> list[Result]:
    return load(backend, sizes, SMALL)


def api_workload(number: int) -> Any:
    return {7: small_query, 8: big_backlog, 9: hot_path, 10: load_test}[number]


def missing_api() -> str | None:
    """None when the API and `tandem serve` exist in this tree, else what is missing."""
    try:
        from api import app, cli  # noqa: F401
    except ImportError as error:
        return f"API not available ({error.name} missing)"
    return None


def unavailable(number: int, backend: str, why: str) -> Result:
    names = {7: "7 GraphQL small query", 8: "8 GraphQL backlog", 9: "9 hot path", 10: "10 load"}
    return not_run(names[number], backend, why)
