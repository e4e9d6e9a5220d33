"""Input guards of the planning decisions' fields (domain/commands/fields.py uses them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from domain.errors import InvalidInput
from domain.validation import MAX_POINTS, check_instant, check_points

MAX_SCOPE = 500
MAX_WIP = 1_000
MAX_CAPACITY = MAX_POINTS * MAX_SCOPE


def check_moment(value: datetime, field: str) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidInput(f"{field} must be an instant")
    checked = check_instant(value, field)
    assert checked is not None
    return checked


def check_capacity_points(points: float) -> float:
    return check_points(points, "capacityPoints", MAX_CAPACITY)


def check_item_ids(ids: list[str], canonical: Callable[[Any, str], str]) -> list[str]:
    if not isinstance(ids, list) or len(ids) > MAX_SCOPE:
        raise InvalidInput(f"at most {MAX_SCOPE} items in a scope")
    found = [canonical(i, "item") for i in ids]
    if len(set(found)) != len(found):
        raise InvalidInput("the scope lists an item more than once")
    return found


def check_wip_limit(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_WIP:
        raise InvalidInput(f"perEngineer must be between 1 and {MAX_WIP}, or null")
    return value
