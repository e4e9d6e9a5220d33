"""The floor of workload 8: graphql-core executing the query over the answer's own data
(each field read from its parent dict), in a process of its own.

The benchmark's driver seeded the databases and holds their crews, and graphql-core
ran up to 2.5 times slower there than in a fresh process (`python -m bench` against
the same code run as a script, on the same data), so the floor is measured here:

    python bench/graphql_core_floor.py CASE.json   -> µs per execution, on stdout

CASE.json holds the schema's SDL, the query, its variables, the data and a count."""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import graphql


def by_response_key(source: Any, info: graphql.GraphQLResolveInfo, **_: Any) -> Any:
    return source.get(info.path.key) if isinstance(source, dict) else None


def measure(case: dict[str, Any]) -> float:
    """µs per execution; with `parsed_once`, the document is parsed and validated once,
    as the server's caches do, and only its execution is timed."""
    schema = graphql.build_schema(case["sdl"])
    document = graphql.parse(case["query"])
    assert not graphql.validate(schema, document)

    def run() -> None:
        if case.get("parsed_once"):
            result: Any = graphql.execute(
                schema,
                document,
                case["data"],
                variable_values=case["variables"],
                field_resolver=by_response_key,
            )
        else:
            result = graphql.graphql_sync(
                schema,
                case["query"],
                case["data"],
                variable_values=case["variables"],
                field_resolver=by_response_key,
            )
        assert not result.errors, result.errors

    run()  # warm-up
    start = time.perf_counter()
    for _ in range(case["count"]):
        run()
    return (time.perf_counter() - start) / case["count"] * 1e6


def sampler(
    sdl: str,
    query: str,
    variables: dict[str, Any],
    data: Any,
    count: int,
    *,
    parsed_once: bool = False,
) -> Any:
    """A sampler (µs per execution) that measures in a fresh process each time."""
    case = {"sdl": sdl, "query": query, "variables": variables, "data": data, "count": count}
    case["parsed_once"] = parsed_once
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(case, file)
    path = Path(file.name)
    atexit.register(path.unlink, missing_ok=True)

    def sample() -> float:
        command = [sys.executable, str(Path(__file__).resolve()), str(path)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return float(done.stdout.strip())

    return sample


if __name__ == "__main__":
    print(measure(json.loads(Path(sys.argv[1]).read_text())))
