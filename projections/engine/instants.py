"""The one text form of an instant in the view tables."""

from __future__ import annotations

from datetime import UTC, datetime


def instant(value: datetime) -> str:
    """UTC, microseconds, fixed width: instants stored as text sort as text."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")


def parse_instant(value: str) -> datetime:
    return datetime.fromisoformat(value)
