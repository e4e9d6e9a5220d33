"""DataLoaders over the views, created per request (never shared between requests), so
nested fields load in one batched query per level instead of one per parent."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from functools import cached_property
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
    """One request's loaders; `Context.refresh()` replaces them after a mutation.

    Member names come in one batch per request: everyone a product's fields can name
    (assignees, deciders, engineers) holds a role on it, so the first batch loads all
    members of the products this request has read, and later levels find them cached
    (otherwise which names arrive in which event-loop turn would vary by a query).
    """

    def __init__(self, reader: ViewReader) -> None:
        self.reader = reader
        self.product_ids: set[str] = set()
        self._people: dict[str, MemberRow | None] = {}
        self._people_lock = asyncio.Lock()

    # Each loader is made when a request first uses it: most requests use one or two
    # of the seven, and making all of them took 12 us of every request.
    @cached_property
    def members(self) -> DataLoader[str, MemberRow | None]:
        return DataLoader(batch(self._members, None))

    @cached_property
    def items(self) -> DataLoader[str, ItemRow | None]:
        return DataLoader(batch(self._items, None))

    @cached_property
    def products(self) -> DataLoader[str, ProductRow | None]:
        return DataLoader(batch(self._products, None))

    @cached_property
    def memberships(self) -> DataLoader[str, list[MembershipRow]]:
        no_memberships: list[MembershipRow] = []
        return DataLoader(batch(self.reader.memberships, no_memberships))

    @cached_property
    def goals(self) -> DataLoader[str, list[GoalRow]]:
        no_goals: list[GoalRow] = []
        return DataLoader(batch(self.reader.goals, no_goals))

    @cached_property
    def history(self) -> DataLoader[str, list[DecisionRow]]:
        no_decisions: list[DecisionRow] = []
        return DataLoader(batch(self.reader.history, no_decisions))

    @cached_property
    def decisions(self) -> DataLoader[str, DecisionRow | None]:
        return DataLoader(batch(self.reader.decisions_by_id, None))

    def known_member(self, member_id: str) -> MemberRow | bool | None:
        """The member's row if this request has read it already (None: read, and not
        found); False when it has not been read yet."""
        return self._people.get(member_id, None) if member_id in self._people else False

    def read(self, product_ids: Iterable[str]) -> None:
        """Notes products this request reads (for the one batch of member names)."""
        self.product_ids.update(product_ids)

    async def _products(self, ids: Sequence[str]) -> dict[str, ProductRow]:
        self.read(ids)
        return {row.id: row for row in await self.reader.products(list(ids))}

    async def _items(self, ids: Sequence[str]) -> dict[str, ItemRow]:
        found = await self.reader.items(ids)
        self.read(row.product_id for row in found.values())
        return found

    async def _members(self, ids: Sequence[str]) -> dict[str, MemberRow]:
        # One batch at a time: a batch that starts while another is reading waits, and
        # then usually finds every name it wants already read.
        async with self._people_lock:
            if any(i not in self._people for i in ids):
                wanted = set(ids)
                if self.product_ids:
                    memberships = await self.memberships.load_many(sorted(self.product_ids))
                    wanted.update(m.member_id for rows in memberships for m in rows)
                wanted.difference_update(self._people)
                found = await self.reader.members(sorted(wanted))
                self._people.update({i: found.get(i) for i in wanted})
            return {i: row for i in ids if (row := self._people.get(i)) is not None}
