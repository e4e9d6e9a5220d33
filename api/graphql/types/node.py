"""The Node interface and the typed Info every resolver receives."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Self, TypeAlias, TypeVar

import strawberry

from api.graphql.arguments import encode_cursor
from api.graphql.context import Context
from projections.rows import Page

Info: TypeAlias = strawberry.Info[Context, None]
T = TypeVar("T")


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


N = TypeVar("N")


@strawberry.type(description="One node of a page and its cursor.")
class Edge(Generic[N]):
    """A connection's edge, named for its node's type: `Edge[Member]` is MemberEdge."""

    cursor: str = strawberry.field(description="Opaque; pass it back as `after`.")
    node: N


E = TypeVar("E", bound=Edge[Any])
R = TypeVar("R")


@strawberry.type
class Connection(Generic[E]):
    """A page of a connection: each connection type says what its totalCount counts."""

    edges: list[E]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, edges: list[E], total: int, has_next: bool) -> Self:
        end = edges[-1].cursor if edges else None
        page_info = PageInfo(has_next_page=has_next, end_cursor=end)
        return cls(edges=edges, page_info=page_info, total_count=total)

    @classmethod
    def from_page(
        cls,
        page: Page[R],
        kind: str,
        node: Callable[[R], Any],
        *,
        key: Callable[[R], int] | None = None,
        offset: int = 0,
    ) -> Self:
        """The page's rows as edges of this connection's edge type: each row's node, and
        a cursor of `kind` holding `key(row)` or, without a key, the row's place in the
        whole list (a page that skipped `offset` rows)."""
        edge = cls._edge_type()
        edges = [
            edge(cursor=encode_cursor(kind, key(row) if key else offset + i), node=node(row))
            for i, row in enumerate(page.rows, start=1)
        ]
        return cls.of(edges, page.total, page.has_next)

    @classmethod
    def _edge_type(cls) -> Callable[..., E]:
        # The edge type is the one the subclass names: `class XConnection(Connection[Edge[X]])`.
        for base in cls.__dict__.get("__orig_bases__", ()):
            if typing.get_origin(base) is Connection:
                edge: Callable[..., E] = typing.get_args(base)[0]
                return edge
        raise TypeError(f"{cls.__name__} does not name its edge type")
