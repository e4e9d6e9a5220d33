"""CLI commands about the views: project, status, rebuild, replay (registered by api.cli)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds the view commands to the `tandem` parser."""
