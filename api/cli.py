"""The `tandem` command: serve, schema, demo, plus the view commands (api.cli_views)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from api import cli_adr, cli_personal, cli_updates, cli_views
from api.cli_audit import register as register_audit
from api.cli_errors import DATABASE_ERRORS, NoDatabase, database_failure, fail
from api.cli_parsing import database_url_option
from api.config_check import load_settings
from api.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except NoDatabase as error:
        return fail(str(error))
    except DATABASE_ERRORS as error:
        return database_failure(error, database_url_of(args))


def database_url_of(args: argparse.Namespace) -> str:
    """The URL the command used, for its error message."""
    return (
        getattr(args, "database_url", None)
        or os.environ.get("TANDEM_DATABASE_URL")
        or str(Settings.model_fields["database_url"].default)
    )


def parser() -> argparse.ArgumentParser:
    """The `tandem` command line: every command and argument, each with its help."""
    parser = argparse.ArgumentParser(prog="tandem", description="Tandem decision ledger")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the GraphQL API (and the views)")
    serve.add_argument("--host", help="overrides TANDEM_HOST (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="overrides TANDEM_PORT (default 8000)")
    database_url_option(serve)
    serve.add_argument(
        "--workers",
        type=int,
        help="processes serving the port (overrides TANDEM_WORKERS; default one per CPU)",
    )
    serve.add_argument(
        "--seed-demo",
        action="store_true",
        help="seed the demo product first when the database has none",
    )
    serve.set_defaults(handler=run_serve)
    schema = commands.add_parser("schema", help="print the served GraphQL schema (SDL)")
    schema.set_defaults(handler=run_schema)
    demo = commands.add_parser(
        "demo", help="seed the demo product into an empty database (serves nothing)"
    )
    database_url_option(demo)
    demo.set_defaults(handler=run_demo)
    cli_views.register(commands)
    cli_updates.register(commands)
    cli_adr.register(commands)
    register_audit(commands)
    cli_personal.register(commands)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    for name in ("host", "port", "database_url", "workers"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[name] = value
    return load_settings(**overrides)


def run_schema(args: argparse.Namespace) -> int:
    from api.graphql.schema import served_sdl

    sys.stdout.write(served_sdl())
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from api import demo

    settings = settings_from(args)
    seeded = demo.seed_if_empty(settings)
    if seeded is None:
        print("the database already has products; nothing seeded")
        return 0
    print_credentials(settings, seeded, serving=False)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from api import demo, serving

    settings = settings_from(args)
    try:
        workers = serving.worker_count(settings)
    except serving.WorkersRefused as error:
        return fail(str(error))
    if args.seed_demo:
        seeded = demo.seed_if_empty(settings) or demo.kept_tokens(settings)
        print_credentials(settings, seeded)
    serving.serve(settings, workers)
    return 0


def print_credentials(settings: Settings, seeded: Any, *, serving: bool = True) -> None:
    """Tokens for the demo's people, the administrator's token and where GraphiQL is
    (`tandem demo` only seeds: it says how to serve what it seeded)."""
    lines = []
    if seeded is not None:
        lines.append(
            f"Demo product {seeded.product_id}; member tokens (Authorization: Bearer <token>):"
        )
        lines += [f"  {who:<42} {token}" for who, token in seeded.tokens.items()]
        if getattr(seeded, "audit", None):
            lines.append(f"Audit chain verified: {seeded.audit}")
    else:
        lines.append("The demo was seeded earlier; its member tokens were printed then.")
    if not settings.admin_token and settings.store.backend == "sqlite":
        lines.append(
            f"  {'Administrator (kept beside the database)':<42} {settings.resolved_admin_token()}"
        )
    where = f"http://{settings.host}:{settings.port}/graphql"
    if not serving:
        lines.append(
            "Nothing is served yet: `TANDEM_GRAPHIQL=1 tandem serve` (same database) "
            f"serves it at {where}"
        )
        print("\n".join(lines), flush=True)
        return
    lines.append(
        f"GraphiQL: {where}"
        if settings.graphiql
        else f"GraphQL: {where} (GraphiQL is off; TANDEM_GRAPHIQL=1 turns it on)"
    )
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
