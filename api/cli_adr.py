"""`tandem adr export --product ID DIR`: a product's accepted and superseded architecture
decisions as Markdown files, read from the decision log (registered by api.cli)."""

from __future__ import annotations

import argparse
from pathlib import Path

from api.adr_markdown import export
from api.cli_errors import fail
from api.cli_parsing import Commands, actions_of, database_url_option
from api.composition import existing_store
from domain.errors import DomainError
from projections.adrs.render import adr_rows


def register(commands: Commands) -> None:
    actions = actions_of(commands, "adr", "architecture decision records", "the ADRs")
    exporting = actions.add_parser(
        "export", help="write the accepted and superseded records as Markdown (0001-title.md)"
    )
    exporting.add_argument("--product", required=True, help="the product's id")
    exporting.add_argument("directory", help="where to write the files (created if missing)")
    database_url_option(exporting)
    exporting.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    with existing_store(args.database_url) as tandem:
        try:
            product = tandem.app.product(args.product)
        except DomainError as error:
            return fail(str(error))
    files = export(adr_rows(product))
    folder = Path(args.directory)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} architecture decision record(s) to {folder}")
    return 0
