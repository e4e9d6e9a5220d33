"""The DateTime scalar: ISO-8601 with a UTC offset, exact to the microsecond both ways."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry

DESCRIPTION = "An instant, ISO-8601 with a UTC offset, e.g. 2026-11-25T21:00:00+00:00."


def serialize(value: datetime) -> str:
    if value.tzinfo is None:  # the views store UTC; never guess another zone
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def parse(value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("DateTime must be an ISO-8601 string with a UTC offset")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO-8601 instant") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset (add +00:00 or Z)")
    return parsed


DATETIME = strawberry.scalar(
    name="DateTime",
    description=DESCRIPTION,
    serialize=serialize,
    parse_value=parse,
)
"""Mapped onto `datetime` in the schema's scalar_map, so fields keep plain `datetime`."""
