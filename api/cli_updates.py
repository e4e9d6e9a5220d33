"""`tandem update preview --product ID`: what the next stakeholder update would say,
composed from the views as publishUpdate composes it, without publishing anything."""

from __future__ import annotations

import argparse
import asyncio

from api.cli_errors import fail
from api.cli_parsing import Commands, actions_of, database_url_option
from api.composition import Container, existing_store
from projections.updates.next_report import NextReport, next_report


def register(commands: Commands) -> None:
    actions = actions_of(commands, "update", "stakeholder updates", "stakeholder updates")
    preview = actions.add_parser(
        "preview", help="print the next update's Markdown without publishing it"
    )
    preview.add_argument("--product", required=True, help="the product's id")
    preview.add_argument("--headline", default="Next update", help="the headline to show")
    preview.add_argument("--note", help="the Product Owner's note to show")
    database_url_option(preview)
    preview.set_defaults(handler=run_preview)


def run_preview(args: argparse.Namespace) -> int:
    with existing_store(args.database_url) as tandem:
        report = asyncio.run(_report(tandem, args.product, args.headline, args.note))
    if report is None:
        return fail(f"no product {args.product} in the views")
    print(report.markdown, end="")
    return 0


async def _report(
    tandem: Container, product_id: str, headline: str, note: str | None
) -> NextReport | None:
    reader = tandem.reader()
    try:
        return await next_report(reader, product_id, headline, note)
    finally:
        await reader.close()
