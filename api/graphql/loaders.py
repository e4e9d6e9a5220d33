"""DataLoaders over the views, created per request (never shared between requests), so
nested fields load in one batched query per level instead of one per parent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from projections.reader import ViewReader
from projections.rows import DecisionRow, GoalRow, ItemRow, MemberRow, MembershipRow, ProductRow

K = TypeVar("K")
V = TypeVar("V")


def batch(
    fetch: Callable[[Sequence[str]], Awaitable[Mapping[str, V]]], default: V
) -> Callable[[list[str]], Awaitable[list[V]]]:
    """Turns a reader method that answers a dict by id into a DataLoader batch function."""

    async def load(keys: list[str]) -> list[V]:
        found = await fetch(keys)
        return [found.get(key, default) for key in keys]

    return load


class Loaders:
    """One request's loaders; `Context.refresh()` replaces them after a mutation."""

    def __init__(self, reader: ViewReader) -> None:
        self.reader = reader
        no_memberships: list[MembershipRow] = []
        no_goals: list[GoalRow] = []
        no_decisions: list[DecisionRow] = []
        self.members: DataLoader[str, MemberRow | None] = DataLoader(batch(reader.members, None))
        self.items: DataLoader[str, ItemRow | None] = DataLoader(batch(reader.items, None))
        self.products: DataLoader[str, ProductRow | None] = DataLoader(batch(self._products, None))
        self.memberships: DataLoader[str, list[MembershipRow]] = DataLoader(
            batch(reader.memberships, no_memberships)
        )
        self.goals: DataLoader[str, list[GoalRow]] = DataLoader(batch(reader.goals, no_goals))
        self.history: DataLoader[str, list[DecisionRow]] = DataLoader(
            batch(reader.history, no_decisions)
        )
        self.decisions: DataLoader[str, DecisionRow | None] = DataLoader(
            batch(reader.decisions_by_id, None)
        )

    async def _products(self, ids: Sequence[str]) -> dict[str, ProductRow]:
        return {row.id: row for row in await self.reader.products(list(ids))}
