"""Causes in the API: Decision.causes / .consequences and BacklogItem.why, as mixins
added to the core types' bases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from api.graphql.types.node import Info

if TYPE_CHECKING:
    from api.graphql.types.decisions import Decision

K = TypeVar("K")
LazyDecision = Annotated["Decision", strawberry.lazy("api.graphql.types.decisions")]


def request_loader(
    info: Info, name: str, fetch: Callable[[Sequence[K]], Awaitable[dict[K, list[str]]]]
) -> DataLoader[K, list[str]]:
    """A loader kept with this request's other loaders (a mutation's refresh drops it)."""
    loaders: Any = info.context.loaders
    loader: DataLoader[K, list[str]] | None = getattr(loaders, name, None)
    if loader is None:

        async def load(keys: list[K]) -> list[list[str]]:
            found = await fetch(keys)
            return [found.get(key, []) for key in keys]

        loader = DataLoader(load)
        setattr(loaders, name, loader)
    return loader


async def decisions(info: Info, ids: list[str]) -> list[Decision]:
    from api.graphql.types.decisions import Decision

    rows = await info.context.loaders.decisions.load_many(ids)
    return [Decision.from_row(row) for row in rows if row is not None]


@strawberry.type
class DecisionCauses:
    """Decision.causes and .consequences."""

    id: strawberry.ID
    position: int

    @strawberry.field(description="The earlier decisions this one named in causedBy, newest first.")
    async def causes(self, info: Info) -> list[LazyDecision]:
        reader = info.context.services.reader
        ids = await request_loader(info, "causes", reader.causes_of).load(self.position)
        return await decisions(info, ids)

    @strawberry.field(description="Later decisions naming this one in causedBy, by position.")
    async def consequences(self, info: Info) -> list[LazyDecision]:
        reader = info.context.services.reader
        ids = await request_loader(info, "consequences", reader.consequences_of).load(str(self.id))
        return await decisions(info, ids)


@strawberry.type
class ItemWhy:
    """BacklogItem.why."""

    id: strawberry.ID

    @strawberry.field(
        description="Why the item sits where it is: the last decision that placed it "
        "(ItemProposed, ItemRequested, ItemRestored or ItemPrioritized; moves of other "
        "items do not count), then its causes transitively, each once, newest first by "
        "position (at most 50)."
    )
    async def why(self, info: Info) -> list[LazyDecision]:
        ids = await info.context.services.reader.why(str(self.id))
        return await decisions(info, ids)
