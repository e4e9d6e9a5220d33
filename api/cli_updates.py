"""`tandem update preview --product ID`: what the next stakeholder update would say,
composed from the views as publishUpdate composes it, without publishing anything."""

from __future__ import annotations

import argparse
import asyncio

from api.cli_errors import fail
from api.composition import Container, build_for_command
from projections.updates.next_report import NextReport, next_report


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    update = commands.add_parser("update", help="stakeholder updates")
    actions = update.add_subparsers(
        dest="action", required=True, metavar="ACTION", help="what to do with stakeholder updates"
    )
    preview = actions.add_parser(
        "preview", help="print the next update's Markdown without publishing it"
    )
    preview.add_argument("--product", required=True, help="the product's id")
    preview.add_argument("--headline", default="Next update", help="the headline to show")
    preview.add_argument("--note", help="the Product Owner's note to show")
    preview.add_argument("--database-url", help="overrides TANDEM_DATABASE_URL")
    preview.set_defaults(handler=run_preview)


def run_preview(args: argparse.Namespace) -> int:
    tandem = build_for_command(args.database_url, existing=True)
    try:
        report = asyncio.run(_report(tandem, args.product, args.headline, args.note))
    finally:
        tandem.close()
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
