"""`tandem replay`: the backlog as it stood at an instant, or what changed between two."""

from __future__ import annotations

import argparse
import uuid
from datetime import datetime

from rich.console import Console
from rich.table import Table

from api.cli_errors import fail
from api.cli_forecast import forecast_lines
from api.cli_parsing import Commands, database_url_option
from api.cli_replay_lifecycle import print_lifecycle, print_standing
from api.cli_replay_why import item_title, print_why
from api.composition import Container, existing_store
from projections.rows import ItemRow
from projections.time_travel.retrospective import RetrospectiveReport


def register(commands: Commands) -> None:
    replay = commands.add_parser(
        "replay",
        help="print the backlog at an instant (--as-of), the diff (--from/--to), or why an "
        "item sits where it is (--why)",
    )
    replay.add_argument("--product", required=True, metavar="ID", help="the product's id (a UUID)")
    replay.add_argument(
        "--as-of",
        type=instant,
        metavar="INSTANT",
        help="the backlog as it stood then: ISO-8601 with a UTC offset, e.g. "
        "2026-11-25T09:00:00+00:00",
    )
    replay.add_argument(
        "--from",
        dest="from_",
        type=instant,
        metavar="INSTANT",
        help="start of the window (exclusive); with --to, instead of --as-of",
    )
    replay.add_argument(
        "--to", type=instant, metavar="INSTANT", help="end of the window (inclusive)"
    )
    replay.add_argument(
        "--lifecycle",
        action="store_true",
        help="also the goals and people (--as-of) or the lifecycle decisions (--from/--to)",
    )
    replay.add_argument(
        "--why",
        metavar="ITEM",
        help="instead: why the item sits where it is, the chain of causes behind its placing",
    )
    database_url_option(replay)
    replay.set_defaults(handler=run_replay)


def instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset, e.g. +00:00")
    return value


def run_replay(args: argparse.Namespace) -> int:
    problem = argument_problem(args)
    if problem is not None:
        return fail(problem)  # before the database is opened
    args.product = str(uuid.UUID(args.product))
    with existing_store(args.database_url) as tandem:
        tandem.projections.catch_up()
        if not product_exists(tandem, args.product):
            return fail(f"no product {args.product} in this database")
        return replay(args, tandem)


def argument_problem(args: argparse.Namespace) -> str | None:
    """Why the arguments make no sense together, or None."""
    try:
        uuid.UUID(args.product)
    except ValueError:
        return f"--product {args.product!r} is not a product id (a UUID)"
    window = args.from_ is not None or args.to is not None
    if args.why is not None:
        try:
            uuid.UUID(args.why)
        except ValueError:
            return f"--why {args.why!r} is not an item id (a UUID)"
        if args.as_of is not None or window or args.lifecycle:
            return "--why shows the chain as it stands now: give it without the other options"
        return None
    if args.as_of is not None and window:
        return "give either --as-of, or --from and --to; not both"
    if args.as_of is None and (args.from_ is None or args.to is None):
        return "give --as-of, or both --from and --to"
    if args.as_of is None and args.from_ > args.to:
        return "--from must not be after --to"
    return None


def product_exists(tandem: Container, product_id: str) -> bool:
    with tandem.projections.store.transaction() as tx:
        found = tx.fetchall(
            "SELECT product_id FROM backlog_products WHERE product_id = ?", (product_id,)
        )
    return bool(found)


def replay(args: argparse.Namespace, tandem: Container) -> int:
    console = Console()
    if args.why is not None:
        item_id = str(uuid.UUID(args.why))
        title = item_title(tandem, args.product, item_id)
        if title is None:
            return fail(f"no item {item_id} in product {args.product}")
        print_why(console, tandem, item_id, title)
        return 0
    travel = tandem.time_travel
    if args.as_of is not None:
        console.print(
            backlog_table(
                travel.backlog(args.product, args.as_of), f"Backlog as of {args.as_of.isoformat()}"
            )
        )
        console.print("\n".join(forecast_lines(travel.product_at(args.product, args.as_of))))
        if args.lifecycle:
            print_standing(console, tandem, args.product, args.as_of)
        return 0
    print_report(console, travel.retrospective(args.product, args.from_, args.to))
    if args.lifecycle:
        print_lifecycle(console, tandem, args.product, args.from_, args.to)
    return 0


def backlog_table(rows: list[ItemRow], title: str) -> Table:
    table = Table(title=title)
    for column in ("rank", "title", "kind", "status", "estimate", "assignees"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row.rank or "-"),
            row.title,
            row.kind,
            row.status,
            "-" if row.estimate is None else f"{row.estimate:g}",
            str(len(row.assignments)),
        )
    return table


def print_report(console: Console, report: RetrospectiveReport) -> None:
    console.print(
        f"Decisions in ({report.from_.isoformat()}, {report.to.isoformat()}]: "
        f"{report.decision_count}; by role: "
        + (", ".join(f"{role} {n}" for role, n in report.by_role) or "none")
    )
    changes = Table(title="Rank changes")
    for column in ("item", "from", "to"):
        changes.add_column(column)
    for change in report.rank_changes:
        changes.add_row(change.item.title, str(change.from_rank or "-"), str(change.to_rank or "-"))
    console.print(changes)
    if report.accepted:
        console.print("Accepted: " + ", ".join(item.title for item in report.accepted))
    for churn in report.churn:
        console.print(f"'{churn.item.title}' moved {churn.moves}x: " + "; ".join(churn.rationales))
    for estimate in report.estimate_changes:
        console.print(f"'{estimate.item.title}' estimate {estimate.first} -> {estimate.last}")
    if report.started_not_completed:
        console.print(
            "Started, not completed: " + ", ".join(i.title for i in report.started_not_completed)
        )
