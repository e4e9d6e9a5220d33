"""Members as others see them."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any, cast

import strawberry
from graphql.pyutils import Path
from strawberry.types.nodes import SelectedField, Selection

from api.graphql.types.member_fields import MemberLifecycleFields
from api.graphql.types.node import Info, Node
from projections.rows import ItemRow, MemberRow


@strawberry.type(description="A person who may hold roles on products.")
class Member(MemberLifecycleFields, Node):
    name: str = strawberry.field(description="The member's display name.")

    @classmethod
    def from_row(cls, row: MemberRow) -> Member:
        return cls(id=strawberry.ID(row.id), name=row.name)


async def load_member(info: Info, member_id: str | None) -> Member | None:
    if member_id is None:
        return None
    row = await info.context.loaders.members.load(member_id)
    return Member.from_row(row) if row else None


async def require_member(info: Info, member_id: str) -> Member:
    """A member that the views must know (a name is never missing from a decision)."""
    member = await load_member(info, member_id)
    return member or unknown_member(member_id)


def unknown_member(member_id: str) -> Member:
    return Member(id=strawberry.ID(member_id), name="(unknown member)")


def member_field(info: Info, member_id: str) -> Member:
    """require_member for a plain (not async) resolver: a member this request has
    already read (read_members) is answered at once, without a coroutine and a
    DataLoader future per field; any other is loaded, and GraphQL awaits the awaitable
    returned."""
    known = info.context.loaders.known_member(member_id)
    if known is False:
        return cast(Member, require_member(info, member_id))  # awaited by graphql-core
    return Member.from_row(known) if isinstance(known, MemberRow) else unknown_member(member_id)


def optional_member_field(info: Info, member_id: str | None) -> Member | None:
    """load_member for a plain resolver, as member_field: None when nobody is named
    or the member is unknown."""
    known = None if member_id is None else info.context.loaders.known_member(member_id)
    if known is False:
        return cast(Member, load_member(info, member_id))  # awaited by graphql-core
    return Member.from_row(known) if isinstance(known, MemberRow) else None


async def read_members(info: Info, ids: Iterable[str | None], field: str) -> None:
    """Reads the members a list names before GraphQL completes it, when the query
    selects `field` (e.g. assignments, actor) below the list: each of them then answers
    at once (member_field). Otherwise none is read yet when its field runs, and
    graphql-core gathers one awaitable per name, parent by parent (a 1,000-item page
    with its assignees took 240 ms instead of 67)."""
    wanted = sorted({i for i in ids if i is not None})
    if wanted and selected_below(info, field):
        await info.context.loaders.members.load_many(wanted)


_SELECTED: dict[tuple[int, tuple[str, ...], str], tuple[weakref.ref[Any], bool]] = {}
"""selected_below's verdicts by operation, field path and name. An entry holds its
operation weakly, so no document outlives its request or the parser cache for it, and
a verdict counts only while its own operation lives (an id can be reused after)."""
SELECTED_ENTRIES = 1024


def selected_below(info: Info, name: str) -> bool:
    """`selects` over the fields selected below this one, worked out once per field of
    a document: Strawberry converts the selections afresh on each `selected_fields`."""
    operation = info.operation
    keys: list[str] = []
    at: Path | None = info.path
    while at is not None:
        if isinstance(at.key, str):
            keys.append(at.key)
        at = at.prev
    key = (id(operation), tuple(keys), name)
    found = _SELECTED.get(key)
    if found is not None and found[0]() is operation:
        return found[1]
    verdict = selects(info.selected_fields, name)
    if len(_SELECTED) >= SELECTED_ENTRIES:
        _SELECTED.clear()
    _SELECTED[key] = (weakref.ref(operation), verdict)
    return verdict


async def read_assignees(info: Info, rows: Iterable[ItemRow]) -> None:
    """read_members for the assignees of a page of items."""
    ids = (a.member_id for row in rows for a in row.assignments)
    await read_members(info, ids, "assignments")


def selects(selections: Iterable[Selection], name: str) -> bool:
    """Whether a field called `name` is selected anywhere in `selections`."""
    return any(
        (isinstance(s, SelectedField) and s.name == name) or selects(s.selections, name)
        for s in selections
    )
