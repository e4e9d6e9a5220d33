"""Workloads 7-10 need the GraphQL API (api.app.create_app) and `tandem serve`; until
they exist in this tree each reports a "not run" row saying so."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from bench.harness import AT_MOST, Result, Target, not_run
from bench.sizes import Sizes

TARGETS = {
    7: ("7 GraphQL small query", Target(AT_MOST, 3.0)),
    8: ("8 GraphQL 1,000-item backlog", Target(AT_MOST, 1.3)),
    9: ("9 precomputed hot path", Target(AT_MOST, 3.0)),
    10: ("10 load: 50 clients, 80% queries", None),
}


def missing_api() -> str | None:
    """None when the API and `tandem serve` are importable, else what is missing."""
    try:
        app = importlib.import_module("api.app")
        cli = importlib.import_module("api.cli")
    except ImportError as error:
        return f"API not available ({error.name} missing)"
    if not hasattr(app, "create_app"):
        return "API not available (api.app.create_app missing)"
    if "serve" not in getattr(cli, "COMMANDS", ("serve",)):
        return "API not available (tandem serve missing)"
    return None


def api_workload(number: int) -> Callable[[str, Sizes], list[Result]]:
    name, target = TARGETS[number]

    def run(backend: str, sizes: Sizes) -> list[Result]:
        return [not_run(name, backend, missing_api() or "API workloads not written yet", target)]

    return run
