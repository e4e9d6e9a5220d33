"""`tandem replay`: the backlog as it stood at an instant, or what changed between two."""

from __future__ import annotations

import argparse
from datetime import datetime

from rich.console import Console
from rich.table import Table

from api.composition import Container, build_for_command
from projections.rows import ItemRow
from projections.time_travel.retrospective import RetrospectiveReport


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    replay = commands.add_parser(
        "replay", help="print the backlog at an instant (--as-of) or the diff (--from/--to)"
    )
    replay.add_argument("--product", required=True, help="product id")
    replay.add_argument("--as-of", type=instant, help="ISO-8601 instant with a UTC offset")
    replay.add_argument("--from", dest="from_", type=instant, help="start of the window")
    replay.add_argument("--to", type=instant, help="end of the window (inclusive)")
    replay.add_argument("--database-url", help="overrides TANDEM_DATABASE_URL")
    replay.set_defaults(handler=run_replay)


def instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset, e.g. +00:00")
    return value


def run_replay(args: argparse.Namespace) -> int:
    tandem = build_for_command(args.database_url)
    try:
        tandem.projections.catch_up()
        return replay(args, tandem)
    finally:
        tandem.close()


def replay(args: argparse.Namespace, tandem: Container) -> int:
    console = Console()
    travel = tandem.time_travel
    if args.as_of is not None:
        console.print(
            backlog_table(
                travel.backlog(args.product, args.as_of), f"Backlog as of {args.as_of.isoformat()}"
            )
        )
        return 0
    if args.from_ is None or args.to is None:
        console.print("give --as-of, or both --from and --to")
        return 2
    if args.from_ > args.to:
        console.print("--from must not be after --to")
        return 2
    print_report(console, travel.retrospective(args.product, args.from_, args.to))
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
