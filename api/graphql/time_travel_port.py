"""The GraphQL layer's only door to time travel (`asOf`, retrospectives).

It calls `projections.time_travel`, which rebuilds views from the recorded decisions:
    backlog_as_of(app, product_id, at, statuses) -> list[ItemRow]   (rank order; statuses
        is a frozenset of ItemStatus names, or None for the active backlog)
    allocation_as_of(app, product_id, at) -> list[MemberLoadRow]
    retrospective(app, product_id, from_, to) -> an object with decision_count,
        decisions_by_role or by_role (mapping role -> count, or (role, count) pairs),
        rank_changes (objects with item or item_id, from_rank, to_rank) and accepted
        (ItemRows or ids)
Those are synchronous, so they run on a worker thread. Until they exist, asking for the
past is a clear INTERNAL_SERVER_ERROR rather than an answer from today's views.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio.to_thread

from api.graphql.errors import INTERNAL, ApiError
from domain.vocabulary import ItemStatus
from projections.rows import ItemRow, MemberLoadRow

EVERY_STATUS = frozenset(s.value for s in ItemStatus)


@dataclass(frozen=True)
class RankChangeData:
    item: ItemRow | str
    from_rank: int | None
    to_rank: int | None


@dataclass(frozen=True)
class RetrospectiveData:
    """A retrospective in the shape the GraphQL types read; `source` keeps the original."""

    from_: datetime
    to: datetime
    decision_count: int
    decisions_by_role: list[tuple[str, int]]
    rank_changes: list[RankChangeData]
    accepted: list[ItemRow | str]
    source: Any = field(default=None, compare=False)


def _function(name: str) -> Callable[..., Any]:
    try:
        module = importlib.import_module("projections.time_travel")
        function: Callable[..., Any] = getattr(module, name)
    except (ImportError, AttributeError):
        raise ApiError(
            INTERNAL,
            f"time travel is not available yet (projections.time_travel.{name} is missing)",
        ) from None
    return function


async def _call(name: str, *args: Any) -> Any:
    function = _function(name)
    return await anyio.to_thread.run_sync(lambda: function(*args))


async def backlog_as_of(
    app: Any, product_id: str, at: datetime, statuses: frozenset[str] | None
) -> list[ItemRow]:
    return list(await _call("backlog_as_of", app, product_id, at, statuses))


async def allocation_as_of(
    app: Any, product_id: str, at: datetime
) -> tuple[list[MemberLoadRow], dict[str, ItemRow]]:
    """The loads at `at`, with every item as it stood then (for MemberLoad.items)."""
    loads = list(await _call("allocation_as_of", app, product_id, at))
    wanted = {item for load in loads for item in load.item_ids}
    items: dict[str, ItemRow] = {}
    if wanted:
        rows = await _call("backlog_as_of", app, product_id, at, EVERY_STATUS)
        items = {row.id: row for row in rows if row.id in wanted}
    return loads, items


async def retrospective(
    app: Any, product_id: str, from_: datetime, to: datetime
) -> RetrospectiveData:
    raw = await _call("retrospective", app, product_id, from_, to)
    return RetrospectiveData(
        from_=from_,
        to=to,
        decision_count=int(_get(raw, "decision_count")),
        decisions_by_role=_role_counts(_first(raw, "decisions_by_role", "by_role")),
        rank_changes=[
            RankChangeData(_item(change), _get(change, "from_rank"), _get(change, "to_rank"))
            for change in _get(raw, "rank_changes")
        ],
        accepted=[
            item if isinstance(item, ItemRow | str) else _item(item)
            for item in _get(raw, "accepted")
        ],
        source=raw,
    )


def _get(source: Any, name: str) -> Any:
    if isinstance(source, Mapping):
        return source[name]
    return getattr(source, name)


def _first(source: Any, *names: str) -> Any:
    for name in names:
        if (name in source) if isinstance(source, Mapping) else hasattr(source, name):
            return _get(source, name)
    raise ApiError(INTERNAL, f"the retrospective has none of {names}")


def _item(source: Any) -> ItemRow | str:
    for name in ("item", "item_id", "id"):
        value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)
        if isinstance(value, ItemRow | str):
            return value
    raise ApiError(INTERNAL, "the retrospective names an item in an unknown shape")


def _role_counts(source: Any) -> list[tuple[str, int]]:
    pairs: Iterable[Any] = source.items() if isinstance(source, Mapping) else source
    result = []
    for pair in pairs:
        if isinstance(pair, tuple | list):
            role, count = pair
        else:
            role, count = _get(pair, "role"), _get(pair, "count")
        result.append((str(getattr(role, "value", role)), int(count)))
    return result
