"""Argument set-up that several `tandem` commands share (each registered by api.cli)."""

from __future__ import annotations

import argparse
from typing import TypeAlias

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def actions_of(commands: Commands, name: str, help: str, what: str) -> Commands:
    """`tandem NAME ACTION ...`: a command made of actions, each then added to what this
    returns; `what` names what they act on, for the help."""
    command = commands.add_parser(name, help=help)
    return command.add_subparsers(
        dest="action", required=True, metavar="ACTION", help=f"what to do with {what}"
    )


def database_url_option(*parsers: argparse.ArgumentParser) -> None:
    """--database-url, for commands that work on a store."""
    for parser in parsers:
        parser.add_argument("--database-url", help="overrides TANDEM_DATABASE_URL")
