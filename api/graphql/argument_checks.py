"""Cursors, instants and decision filters anywhere in an operation, checked before it runs.

The resolvers check these arguments too, but only when they run: by then a mutation has
recorded its decision, and a malformed cursor, an instant without a UTC offset or a
retrospective whose `from` is after its `to` in the payload's selection would answer
BAD_USER_INPUT with `data: null` for a decision that stands, so the client would take it
as rejected (and a retry without a key would record it twice). Checked up front, the
whole operation is refused and nothing runs, and so is a page size out of range. Where
and when they are checked is argument_plan's business.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.graphql.arguments import (
    BACKLOG_CURSOR,
    DECISION_CURSOR,
    MAX_FIRST,
    check_instant,
    decode_cursor,
)
from api.graphql.errors import ApiError, bad_input
from api.graphql.types.product import DecisionFilterInput


def _backlog(args: dict[str, Any]) -> None:
    decode_cursor(BACKLOG_CURSOR, args.get("after"))
    check_instant(args.get("asOf"), "asOf")


def _decisions(args: dict[str, Any]) -> None:
    decode_cursor(DECISION_CURSOR, args.get("after"))
    where = args.get("filter")
    if where is not None:  # the resolver's own checks: ids, instants, how many types
        DecisionFilterInput(
            actor_id=where.get("actorId"),
            types=where.get("types"),
            subject_id=where.get("subjectId"),
            from_=where.get("from"),
            to=where.get("to"),
        ).to_row()


def _allocation(args: dict[str, Any]) -> None:
    check_instant(args.get("asOf"), "asOf")


def _retrospective(args: dict[str, Any]) -> None:
    start, end = check_instant(args.get("from"), "from"), check_instant(args.get("to"), "to")
    if start is not None and end is not None and start > end:
        raise bad_input("from must not be after to")


CHECKS: dict[tuple[str, str], Callable[[dict[str, Any]], None]] = {
    ("Product", "backlog"): _backlog,
    ("Product", "decisions"): _decisions,
    ("Product", "allocation"): _allocation,
    ("Product", "retrospective"): _retrospective,
}


def page_size(value: Any) -> ApiError | None:
    """`first` out of range, wherever it is written (a value of the wrong type is
    reported by execution)."""
    if isinstance(value, int) and not 0 <= value <= MAX_FIRST:
        return bad_input(f"first must be between 0 and {MAX_FIRST}")
    return None
