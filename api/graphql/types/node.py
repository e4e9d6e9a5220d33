"""The Node interface and the typed Info every resolver receives."""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from api.graphql.context import Context

Info: TypeAlias = strawberry.Info[Context, None]


@strawberry.interface(description="Anything with a globally unique id (a UUID).")
class Node:
    id: strawberry.ID = strawberry.field(description="Canonical lowercase UUID.")


@strawberry.type(description="Where a page of a connection ends.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether `after: endCursor` gives more.")
    end_cursor: str | None = strawberry.field(description="Opaque; pass it back as `after`.")
