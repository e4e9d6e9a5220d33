"""`tandem seal-legacy`: seals the personal data that events stored before sealing
existed carry in plain text (domain/personal_data/legacy.py; README, "Personal data")."""

from __future__ import annotations

import argparse

from api.cli_parsing import Commands, database_url_option
from api.composition import existing_store
from domain.personal_data.legacy import seal_legacy


def register(commands: Commands) -> None:
    """Adds `seal-legacy` to the `tandem` parser."""
    seal = commands.add_parser(
        "seal-legacy",
        help="seal names, e-mails and people records stored in plain text before sealing "
        "existed (run once after upgrading; rewrites those events in place)",
    )
    database_url_option(seal)
    seal.set_defaults(handler=run_seal_legacy)


def run_seal_legacy(args: argparse.Namespace) -> int:
    with existing_store(args.database_url) as tandem:
        count = seal_legacy(tandem.app)
    print(f"sealed {count} stored events that carried personal data in plain text")
    return 0
