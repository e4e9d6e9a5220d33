"""The kinds of input a command holds, each with its shape check: a command declares a
field as `title: Title` and the check runs when the command is made."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from domain import validation as v
from domain.errors import InvalidInput
from domain.vocabulary import GoalStatus, ItemKind, Role

MAX_ID = 64
Check = Callable[[Any], Any]


def canonical_id(value: Any, what: str) -> str:
    """The canonical lowercase UUID form of an id; anything else is bad input."""
    try:
        if not isinstance(value, str | uuid.UUID) or len(str(value)) > MAX_ID:
            raise ValueError(value)
        return str(uuid.UUID(str(value)))
    except ValueError:
        shown = str(value)[:MAX_ID]
        raise InvalidInput(f"{what} {shown!r} is not a valid id (a UUID)") from None


def unless_none(check: Check) -> Check:
    """For optional inputs where None means "leave as it is"."""
    return lambda value: None if value is None else check(value)


def _id(what: str) -> Check:
    return partial(canonical_id, what=what)


def _text(field: str, limit: int, required: bool = True) -> Check:
    return partial(v.check_text, field=field, limit=limit, required=required)


def _one_of(kind: type[Any], field: str) -> Check:
    def check(value: Any) -> Any:
        try:
            return kind(value)
        except ValueError:
            names = ", ".join(member.value for member in kind)
            raise InvalidInput(f"{field} must be one of {names}") from None

    return check


def _percent(low: int) -> Check:
    return partial(v.check_percent, field="percent", low=low, high=100)


ProductId = Annotated[str, _id("product")]
ItemId = Annotated[str, _id("item")]
MemberId = Annotated[str, _id("member")]
Name = Annotated[str, _text("name", v.MAX_NAME)]
Vision = Annotated[str, _text("vision", v.MAX_TEXT)]
Title = Annotated[str, v.check_title]
Email = Annotated[str, v.check_email]
Description = Annotated[str, _text("description", v.MAX_TEXT, required=False)]
NewDescription = Annotated[str | None, unless_none(_text("description", v.MAX_TEXT, False))]
Metric = Annotated[str | None, lambda m: _text("metric", v.MAX_RATIONALE)(m) if m else None]
Instant = Annotated[datetime | None, partial(v.check_instant, field="targetDate")]
Rationale = Annotated[str | None, partial(v.check_rationale, required=False)]
RequiredRationale = Annotated[str | None, partial(v.check_rationale, required=True)]
Rank = Annotated[int, v.check_rank]
Points = Annotated[float, v.check_points]
Criteria = Annotated[list[str] | None, unless_none(v.check_criteria)]
Share = Annotated[int, _percent(low=1)]
"""A share of someone's time on an item: 1 to 100 percent."""
Capacity = Annotated[int, _percent(low=0)]
"""Someone's capacity on a product: 0 to 100 percent."""
Kind = Annotated[ItemKind, _one_of(ItemKind, "kind")]
GrantedRole = Annotated[Role, _one_of(Role, "role")]


class Kept:
    """Left out of a revision: the field keeps its value (None would clear it)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Kept()


def unless_kept(check: Check) -> Check:
    return lambda value: value if isinstance(value, Kept) else check(value)


MAX_GOALS = 100


def distinct_goals(ids: Any) -> list[str]:
    if not isinstance(ids, list) or len(ids) > MAX_GOALS:
        raise InvalidInput(f"goalIds must be a list of at most {MAX_GOALS} goal ids")
    return list(dict.fromkeys(canonical_id(g, "goal") for g in ids))


GoalId = Annotated[str, _id("goal")]
GoalIds = Annotated[list[str], distinct_goals]
"""Distinct goal ids, in the order given."""
NewTitle = Annotated[str | None, unless_none(v.check_title)]
NewKind = Annotated[ItemKind | None, unless_none(_one_of(ItemKind, "kind"))]
RevisedTitle = Annotated[str | Kept | None, unless_kept(unless_none(v.check_title))]
RevisedMetric = Annotated[
    str | Kept | None, unless_kept(lambda m: _text("metric", v.MAX_RATIONALE)(m) if m else None)
]
RevisedInstant = Annotated[
    datetime | Kept | None, unless_kept(partial(v.check_instant, field="targetDate"))
]
RevokedRole = Annotated[Role, _one_of(Role, "role")]
GoalState = Annotated[GoalStatus, _one_of(GoalStatus, "status")]
