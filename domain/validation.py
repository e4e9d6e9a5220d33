"""Input guards shared by the aggregates: each raises InvalidInput with a clear message."""

from __future__ import annotations

import math
import re
from datetime import datetime

from domain.errors import InvalidInput

MAX_TITLE = 200
MAX_NAME = 200
MAX_TEXT = 10_000
MAX_RATIONALE = 2_000
MAX_CRITERIA = 50
MAX_CRITERION = 500
MAX_POINTS = 1_000.0
MAX_RANK = 2**31 - 1
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_text(value: str, field: str, *, limit: int, required: bool = True) -> str:
    """Strips surrounding whitespace; rejects empty (when required) or over-long text."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string")
    cleaned = value.strip()
    if required and not cleaned:
        raise InvalidInput(f"{field} must not be empty")
    if len(cleaned) > limit:
        raise InvalidInput(f"{field} is longer than {limit} characters")
    if "\x00" in cleaned:
        raise InvalidInput(f"{field} must not contain NUL characters")
    return cleaned


def check_title(value: str) -> str:
    return check_text(value, "title", limit=MAX_TITLE)


def check_rationale(value: str | None, *, required: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput("a rationale is required for this decision")
        return None
    return check_text(value, "rationale", limit=MAX_RATIONALE)


def check_email(value: str) -> str:
    cleaned = check_text(value, "email", limit=254).lower()
    if not _EMAIL.match(cleaned):
        raise InvalidInput("email is not a valid address")
    return cleaned


def check_rank(rank: int) -> int:
    if isinstance(rank, bool) or not isinstance(rank, int):
        raise InvalidInput("rank must be an integer")
    if rank < 1:
        raise InvalidInput("rank must be 1 or more")
    return min(rank, MAX_RANK)


def check_percent(value: int, field: str, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be an integer")
    if not low <= value <= high:
        raise InvalidInput(f"{field} must be between {low} and {high}")
    return value


def check_points(points: float, field: str = "points", most: float = MAX_POINTS) -> float:
    """A finite number of points from 0 to `most` (an estimate, or a capacity)."""
    if isinstance(points, bool) or not isinstance(points, int | float):
        raise InvalidInput(f"{field} must be a number")
    value = float(points)
    if not math.isfinite(value) or value < 0 or value > most:
        raise InvalidInput(f"{field} must be between 0 and {most:g}")
    return value


def check_criteria(criteria: list[str]) -> list[str]:
    if len(criteria) > MAX_CRITERIA:
        raise InvalidInput(f"at most {MAX_CRITERIA} acceptance criteria")
    return [check_text(c, "acceptance criterion", limit=MAX_CRITERION) for c in criteria]


def check_instant(value: datetime | None, field: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise InvalidInput(f"{field} must carry a UTC offset")
    return value
