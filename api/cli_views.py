"""CLI commands about the views: migrate, project, status, rebuild (registered by api.cli)."""

from __future__ import annotations

import argparse
import signal
import threading
import time

from api import cli_replay
from api.cli_parsing import Commands, database_url_option
from api.composition import Container, build_for_command
from api.logs import configure_logging
from projections.catalog import FOLLOWER_NAMES, followers
from projections.engine.rebuild import rebuild_all


def register(commands: Commands) -> None:
    """Adds the view commands to the `tandem` parser."""
    migrate = commands.add_parser("migrate", help="create the event store and view tables")
    migrate.set_defaults(handler=run_migrate)
    project = commands.add_parser("project", help="run the projection worker until SIGTERM")
    project.set_defaults(handler=run_project)
    status = commands.add_parser("status", help="print each view's position, lag and fault")
    status.set_defaults(handler=run_status)
    rebuild_cmd = commands.add_parser(
        "rebuild",
        help="rebuild views from the whole log (the old ones serve meanwhile); "
        "`snapshots` rebuilds the time-travel store",
    )
    rebuild_cmd.add_argument(
        "view",
        nargs="?",
        choices=FOLLOWER_NAMES,
        help="the one view (or `snapshots`) to rebuild (default: all, in one pass over the log)",
    )
    rebuild_cmd.set_defaults(handler=run_rebuild)
    database_url_option(migrate, project, status, rebuild_cmd)
    cli_replay.register(commands)


def container(args: argparse.Namespace, *, existing: bool = False) -> Container:
    """The store the command works on; `existing` for commands that must not create it."""
    return build_for_command(getattr(args, "database_url", None), existing=existing)


def run_migrate(args: argparse.Namespace) -> int:
    tandem = container(args)
    configure_logging(tandem.settings.log_level)
    tandem.close()
    print("event store and view tables are in place")
    return 0


def run_project(args: argparse.Namespace) -> int:
    """The projection worker: follows the log for every view until told to stop."""
    tandem = container(args)
    configure_logging(tandem.settings.log_level)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    tandem.projections.start()
    print("projecting views: " + ", ".join(r.name for r in tandem.projections.runners), flush=True)
    while not stop.wait(1.0):
        pass
    tandem.close()  # runners finish their current transaction first
    return 0


def run_status(args: argparse.Namespace) -> int:
    tandem = container(args, existing=True)
    try:
        statuses = tandem.projections.status()
    finally:
        tandem.close()
    print(f"{'view':<12}{'position':>10}{'head':>10}{'lag':>8}  fault")
    for s in statuses:
        fault = f"stopped at {s.fault_position}: {s.fault}" if s.fault else "-"
        print(f"{s.view:<12}{s.position:>10}{s.head:>10}{s.lag:>8}  {fault}")
    return 1 if any(s.fault for s in statuses) else 0


def run_rebuild(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    tandem = container(args, existing=True)
    every = followers(tandem.app, tandem.settings.snapshot_interval)
    # Every view at once, snapshots taken along: one pass over the log (rebuild_all).
    group = [f for f in every if args.view in (None, f.name)]
    label = "+".join(f.name for f in group)
    started = time.monotonic()
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total} · {task.fields[rate]} ev/s"),
            TimeElapsedColumn(),
            transient=False,
        ) as bar:
            task = bar.add_task(f"rebuilding {label}", total=1, rate=0)

            def progress(done: int, head: int) -> None:
                rate = int(done / max(time.monotonic() - started, 1e-6))
                bar.update(task, completed=done, total=max(head, 1), rate=rate)

            position = rebuild_all(tandem.app, tandem.projections.store, group, progress=progress)
        print(f"{label}: rebuilt up to position {position}")
    finally:
        tandem.close()
    return 0
