"""Members as others see them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import strawberry
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
    already read is answered at once, without a coroutine and a DataLoader future per
    field (a 1,000-item page names 1,000 assignees, nearly all read by then); any
    other is loaded, and GraphQL awaits the awaitable returned."""
    known = info.context.loaders.known_member(member_id)
    if known is False:
        return cast(Member, require_member(info, member_id))  # awaited by graphql-core
    return Member.from_row(known) if isinstance(known, MemberRow) else unknown_member(member_id)


async def read_assignees(info: Info, rows: Iterable[ItemRow]) -> None:
    """Reads the names of a page's assignees before GraphQL completes the page, when
    the query asks for assignments: each Assignment.member then answers at once
    (member_field). Otherwise every assignment on the page is still unread when its
    field runs, and graphql-core gathers one awaitable per assignment, item by item."""
    ids = {a.member_id for row in rows for a in row.assignments}
    if ids and selects(info.selected_fields, "assignments"):
        await info.context.loaders.members.load_many(sorted(ids))


def selects(selections: Iterable[Selection], name: str) -> bool:
    """Whether a field called `name` is selected anywhere in `selections`."""
    return any(
        (isinstance(s, SelectedField) and s.name == name) or selects(s.selections, name)
        for s in selections
    )
