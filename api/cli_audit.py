"""`tandem audit`: verify the hash chain against the event store, export a product's
chained decisions, and check an export offline (registered by api.cli)."""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

from api.cli_errors import fail
from api.cli_parsing import Commands, actions_of, database_url_option
from api.cli_replay import instant
from api.composition import existing_store


def register(commands: Commands) -> None:
    """Adds `audit verify | export | verify-export` to the `tandem` parser."""
    help = "verify or export the tamper-evident audit chain"
    actions = actions_of(commands, "audit", help, "the audit chain")
    verify = actions.add_parser(
        "verify", help="recompute the chain from the event store; exit 1 at a broken link"
    )
    verify.add_argument("--product", metavar="ID", help="one product (default: every product)")
    verify.set_defaults(handler=run_verify)
    export = actions.add_parser(
        "export", help="write a product's decisions with their hashes to standard output"
    )
    export.add_argument("--product", required=True, metavar="ID", help="the product's id")
    export.add_argument("--from", dest="from_", type=instant, metavar="INSTANT")
    export.add_argument("--to", type=instant, metavar="INSTANT")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.set_defaults(handler=run_export)
    database_url_option(verify, export)
    offline = actions.add_parser(
        "verify-export", help="check an export file offline (no database); exit 1 if changed"
    )
    offline.add_argument("file", type=Path, help="a file `tandem audit export` wrote")
    offline.set_defaults(handler=run_verify_export)


def product_id(text: str | None) -> str | None:
    """The canonical id, or None for none; ValueError names a malformed one."""
    if text is None:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise ValueError(f"--product {text!r} is not a product id (a UUID)") from None


def run_verify(args: argparse.Namespace) -> int:
    from projections.audit_chain.verify import chained_position, verify_all, verify_product

    try:
        wanted = product_id(args.product)
    except ValueError as error:
        return fail(str(error))
    with existing_store(args.database_url) as tandem:
        store = tandem.projections.store
        if wanted is not None:
            results = {wanted: verify_product(tandem.app, store, wanted)}
            if results[wanted].checked == 0 and results[wanted].ok:
                return fail(f"no chained decisions of product {wanted}")
        else:
            results = verify_all(tandem.app, store)
        chained = chained_position(store)
        head = tandem.app.recorder.max_notification_id() or 0
    broken = 0
    for pid, result in sorted(results.items()):
        if result.ok:
            print(f"product {pid}: ok, {result.checked} decisions, head {result.head}")
        else:
            broken += 1
            print(f"product {pid}: BROKEN at position {result.broken_at}: {result.problem}")
    if chained < head:
        print(f"(positions after {chained} are not chained yet; the log is at {head})")
    return 1 if broken else 0


def run_export(args: argparse.Namespace) -> int:
    from projections.audit_chain.export import export_lines, render

    try:
        wanted = product_id(args.product)
    except ValueError as error:
        return fail(str(error))
    assert wanted is not None
    with existing_store(args.database_url) as tandem:
        lines = export_lines(tandem.app, tandem.projections.store, wanted, args.from_, args.to)
    sys.stdout.write(render(lines, args.format))
    return 0


def run_verify_export(args: argparse.Namespace) -> int:
    from projections.audit_chain.export import verify_export

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return fail(f"cannot read {args.file}: {error}")
    check = verify_export(text)
    if not check.ok:
        where = f"line {check.line}" if check.line else "the file"
        print(f"{args.file}: CHANGED at {where}: {check.problem}")
        return 1
    print(f"{args.file}: ok, {check.checked} decisions, last hash {check.head}")
    return 0
