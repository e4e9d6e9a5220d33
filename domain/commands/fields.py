"""The kinds of input a command holds, each with its shape check: a command declares a
field as `title: Title` and the check runs when the command is made."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from domain import planning_validation as pv
from domain import validation as v
from domain.errors import InvalidInput
from domain.governance_vocabulary import RiskKind, RiskStatus
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
Headline = Annotated[str, _text("headline", v.MAX_TITLE)]
Note = Annotated[str | None, unless_none(_text("note", v.MAX_TEXT, required=False))]
WebhookId = Annotated[str, _id("webhook")]


# -- governance: risks, architecture decisions, technical requirements --------


def _level(field: str) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise InvalidInput(f"{field} must be an integer from 1 to 5")
        return int(value)

    return check


def _ids(what: str) -> Check:
    def check(values: Any) -> tuple[str, ...]:
        if len(values) > v.MAX_CRITERIA:
            raise InvalidInput(f"at most {v.MAX_CRITERIA} {what}s")
        return tuple(dict.fromkeys(canonical_id(x, what) for x in values))

    return check


def _requirements(values: list[str]) -> list[str]:
    if len(values) > v.MAX_CRITERIA:
        raise InvalidInput(f"at most {v.MAX_CRITERIA} technical requirements")
    return [_text("technical requirement", v.MAX_CRITERION)(x) for x in values]


RiskId = Annotated[str, _id("risk")]
ArchitectureDecisionId = Annotated[str, _id("architecture decision")]
SupersedesId = Annotated[str | None, unless_none(_id("architecture decision"))]
ItemIds = Annotated[tuple[str, ...], _ids("item")]
Likelihood = Annotated[int, _level("likelihood")]
Impact = Annotated[int, _level("impact")]
RiskKindInput = Annotated[RiskKind, _one_of(RiskKind, "kind")]
Resolution = Annotated[RiskStatus, _one_of(RiskStatus, "status")]
Context = Annotated[str, _text("context", v.MAX_TEXT)]
DecisionText = Annotated[str, _text("decision", v.MAX_TEXT)]
Consequences = Annotated[str, _text("consequences", v.MAX_TEXT, required=False)]
Requirements = Annotated[list[str], _requirements]


MAX_CAUSES = 20


def check_causes(value: Any) -> tuple[str, ...]:
    """Ids of earlier decisions that caused this one: at most MAX_CAUSES UUIDs, each
    once (whether they exist, and on which product, the decision path checks)."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidInput("causedBy must be a list of decision ids")
    if len(value) > MAX_CAUSES:
        raise InvalidInput(f"causedBy names at most {MAX_CAUSES} decisions, not {len(value)}")
    return tuple(dict.fromkeys(canonical_id(v, "causedBy decision") for v in value))


Causes = Annotated[Sequence[str], check_causes]
"""The decisions a decision follows from (causedBy), on the same product; a tuple once
checked (typed as a sequence so that a command built from keyword strings type-checks)."""
IterationId = Annotated[str, _id("iteration")]
DependsOnId = Annotated[str, _id("dependsOn")]
IterationName = Annotated[str, _text("name", v.MAX_NAME)]
Moment = Annotated[datetime, partial(pv.check_moment, field="startsAt and endsAt")]
"""A required instant with a UTC offset."""
CapacityPoints = Annotated[float, pv.check_capacity_points]
ItemIdList = Annotated[list[str], partial(pv.check_item_ids, canonical=canonical_id)]
WipLimit = Annotated[int | None, unless_none(pv.check_wip_limit)]
PositionId = Annotated[str, _id("position")]
NoteTitle = Annotated[str, _text("title", v.MAX_TITLE)]
NoteBody = Annotated[str, _text("body", 20_000, required=False)]
"""A people record's text: up to 20,000 characters."""


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
