"""Checks on arguments that GraphQL's types cannot express: ids, page sizes, cursors."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import datetime

from api.graphql.errors import bad_input

MAX_FIRST = 500
BACKLOG_CURSOR = "backlog"
DECISION_CURSOR = "decision"


def parse_id(value: str, what: str = "id") -> str:
    """The canonical lowercase form of a UUID id; anything else is BAD_USER_INPUT."""
    try:
        if len(value) > 64:
            raise ValueError(value)
        return str(uuid.UUID(value))
    except (ValueError, TypeError, AttributeError):
        shown = value if len(value) <= 64 else value[:64] + "…"
        raise bad_input(f"{what} {shown!r} is not a valid id (a UUID)") from None


def check_first(first: int) -> int:
    if not 0 <= first <= MAX_FIRST:
        raise bad_input(f"first must be between 0 and {MAX_FIRST}")
    return first


def check_instant(value: datetime | None, what: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise bad_input(f"{what} must carry a UTC offset")
    return value


def encode_cursor(kind: str, value: int) -> str:
    """An opaque cursor: clients pass it back, never build it."""
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode()


def decode_cursor(kind: str, cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        prefix, _, number = text.partition(":")
        value = int(number)
        if prefix != kind or value < 0 or str(value) != number:
            raise ValueError(text)
    except (ValueError, UnicodeError, binascii.Error):
        raise bad_input("after is not a cursor of this connection") from None
    return value


def backlog_window(first: int | None, after: str | None) -> tuple[int, int]:
    """A page of backlog items: how many it holds (100 when not given) and how many of
    the list it skips (those up to the `after` cursor)."""
    return check_first(100 if first is None else first), decode_cursor(BACKLOG_CURSOR, after) or 0
