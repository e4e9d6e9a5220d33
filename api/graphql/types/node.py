"""The Node interface and the typed Info every resolver receives."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import strawberry

from api.graphql.context import Context

Info: TypeAlias = strawberry.Info[Context, None]
T = TypeVar("T")
R = TypeVar("R")
E = TypeVar("E")


@strawberry.interface(description="Anything with a globally unique id (a UUID).")
class Node:
    id: strawberry.ID = strawberry.field(description="Canonical lowercase UUID.")


def version_field(subject: str) -> Any:
    """`version`: the expectedVersion of a decision about the subject refers to it."""
    description = f"Number of decisions about this {subject}; expectedVersion refers to it."
    return strawberry.field(description=description)


class NodeFields:
    """Base of a mixin of fields that joins a Node type's bases: `self` has that id."""

    if TYPE_CHECKING:
        id: strawberry.ID


@strawberry.type(description="Where a page of a connection ends.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether `after: endCursor` gives more.")
    end_cursor: str | None = strawberry.field(description="Opaque; pass it back as `after`.")


def filled(type_: type[T], row: Any, /, **overrides: Any) -> T:
    """A GraphQL object filled from the view row's fields of the same names; `overrides`
    for the fields whose GraphQL form differs from the row's."""
    values = {
        name: getattr(row, name)
        for name in _init_names(type_)
        if name not in overrides and hasattr(row, name)
    }
    return type_(**values, **overrides)


_INIT_NAMES: dict[type[Any], tuple[str, ...]] = {}


def _init_names(type_: type[Any]) -> tuple[str, ...]:
    # Read once per type: dataclasses.fields() walks every field of the type (and of its
    # mixins) again on each call, and a 1,000-item page calls this 1,000 times.
    names = _INIT_NAMES.get(type_)
    if names is None:
        fields = dataclasses.fields(type_)
        names = _INIT_NAMES[type_] = tuple(f.name for f in fields if f.init)
    return names


def edges_of(
    rows: Sequence[R], edge: Callable[[R, int], E], cursor: Callable[[E], str], has_next: bool
) -> tuple[list[E], PageInfo]:
    """A connection's edges (each made from its row and index) and where the page ends."""
    edges = [edge(row, index) for index, row in enumerate(rows)]
    end = cursor(edges[-1]) if edges else None
    return edges, PageInfo(has_next_page=has_next, end_cursor=end)
