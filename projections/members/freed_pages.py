"""After a member is forgotten and the views have followed it: the tables that held
their personal data in plain text (or their key) have their freed space cleared."""

from __future__ import annotations

from typing import Any

from domain.personal_data.freed_space import clear_freed_space
from domain.personal_data.keys import TABLE as KEYS_TABLE

PERSONAL_TABLES = (
    KEYS_TABLE,
    "member_directory",
    "people_records",
    "backlog_members",
    "decisions_members",
    "decisions",
    "webhook_deliveries",
    "webhook_names",
)
"""Every table that held a member's personal data in plain text (or their key)."""


def erase_freed_pages(app: Any) -> bool:
    """True once the freed space of PERSONAL_TABLES is cleared (see freed_space.py)."""
    return clear_freed_space(app, PERSONAL_TABLES)
