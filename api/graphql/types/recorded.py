"""The base of a record shown from its view row (a risk, an architecture decision, an
iteration): the row it was read from and the instant it was read as of, which the
record's item, decision and history fields follow (items_field, decision_field,
history_field)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Self, TypeVar

import strawberry

from api.graphql.types.node import filled

R = TypeVar("R")


@strawberry.type
class Recorded(Generic[R]):
    """A record filled from its view's `row`: current, or as it stood at `as_of`."""

    row: strawberry.Private[R]
    as_of: strawberry.Private[datetime | None]

    @classmethod
    def from_row(cls, row: R, as_of: datetime | None = None, **more: Any) -> Self:
        """`more`: the values of the record's own private fields."""
        return filled(cls, row, row=row, as_of=as_of, **cls.converted(row), **more)

    @classmethod
    def converted(cls, row: R) -> dict[str, Any]:
        """The fields whose GraphQL form differs from the row's (an enum, an instant)."""
        return {}
