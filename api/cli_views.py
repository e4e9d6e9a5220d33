"""CLI commands about the views: migrate, project, status, rebuild (registered by api.cli)."""

from __future__ import annotations

import argparse
import signal
import threading
import time

from api import cli_replay
from api.composition import Container, build_for_command
from api.logs import configure_logging
from projections.rebuild import rebuild_all
from projections.views import VIEWS


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds the view commands to the `tandem` parser."""
    migrate = commands.add_parser("migrate", help="create the event store and view tables")
    migrate.set_defaults(handler=run_migrate)
    project = commands.add_parser("project", help="run the projection worker until SIGTERM")
    project.set_defaults(handler=run_project)
    status = commands.add_parser("status", help="print each view's position, lag and fault")
    status.set_defaults(handler=run_status)
    rebuild_cmd = commands.add_parser(
        "rebuild", help="rebuild views from the whole log (the old ones serve meanwhile)"
    )
    rebuild_cmd.add_argument(
        "view",
        nargs="?",
        choices=[v.name for v in VIEWS],
        help="the one view to rebuild (default: every view, in one pass over the log)",
    )
    rebuild_cmd.set_defaults(handler=run_rebuild)
    for parser in (migrate, project, status, rebuild_cmd):
        parser.add_argument("--database-url", help="overrides TANDEM_DATABASE_URL")
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
    print("projecting views: " + ", ".join(v.name for v in VIEWS), flush=True)
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
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    tandem = container(args, existing=True)
    views = [v for v in VIEWS if args.view in (None, v.name)]
    # Every view at once: one pass over the log (projections.rebuild.rebuild_all).
    groups = [views] if args.view is None else [[v] for v in views]
    try:
        for group in groups:
            label = "+".join(v.name for v in group)
            started = time.monotonic()
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} · {task.fields[rate]} ev/s"),
                TimeElapsedColumn(),
                transient=False,
            ) as bar:
                task = bar.add_task(f"rebuilding {label}", total=1, rate=0)

                def progress(
                    done: int, head: int, task: TaskID = task, started: float = started
                ) -> None:
                    rate = int(done / max(time.monotonic() - started, 1e-6))
                    bar.update(task, completed=done, total=max(head, 1), rate=rate)

                position = rebuild_all(
                    tandem.app,
                    tandem.projections.store,
                    [view_class(tandem.app) for view_class in group],
                    progress=progress,
                )
            print(f"{label}: rebuilt up to position {position}")
    finally:
        tandem.close()
    return 0
