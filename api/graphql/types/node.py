"""The Node interface and the typed Info every resolver receives."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias, TypeVar

import strawberry

from api.graphql.context import Context

Info: TypeAlias = strawberry.Info[Context, None]
T = TypeVar("T")
R = TypeVar("R")
E = TypeVar("E")


@strawberry.interface(description="Anything with a globally unique id (a UUID).")
class Node:
    id: strawberry.ID = strawberry.field(description="Canonical lowercase UUID.")


@strawberry.type(description="Where a page of a connection ends.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether `after: endCursor` gives more.")
    end_cursor: str | None = strawberry.field(description="Opaque; pass it back as `after`.")


def filled(type_: type[T], row: Any, **overrides: Any) -> T:
    """A GraphQL object filled from the view row's fields of the same names; `overrides`
    for the fields whose GraphQL form differs from the row's."""
    values = {
        f.name: getattr(row, f.name)
        for f in dataclasses.fields(type_)  # type: ignore[arg-type]
        if f.init and f.name not in overrides and hasattr(row, f.name)
    }
    return type_(**values, **overrides)


def edges_of(
    rows: Sequence[R], edge: Callable[[R, int], E], cursor: Callable[[E], str], has_next: bool
) -> tuple[list[E], PageInfo]:
    """A connection's edges (each made from its row and index) and where the page ends."""
    edges = [edge(row, index) for index, row in enumerate(rows)]
    end = cursor(edges[-1]) if edges else None
    return edges, PageInfo(has_next_page=has_next, end_cursor=end)
