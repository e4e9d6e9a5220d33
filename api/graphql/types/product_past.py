"""Product's nested fields as they stood at an instant (a Product read asOf it): the
members and goals of the product rebuilt by time travel."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from api.graphql.enums import Role
from api.graphql.types.node import Info
from api.graphql.types.past import past_product
from projections.backlog import render
from projections.rows import DecisionFilter

if TYPE_CHECKING:
    from api.graphql.types.product import Goal, Membership


async def members_at(info: Info, product_id: str, at: datetime) -> list[Membership]:
    from api.graphql.types.product import Membership

    past = await past_product(info, product_id, at)
    if past is None:
        return []
    rows = render.membership_rows(past)
    names = {
        m.member_id: (row.name if row else "")
        for m, row in zip(
            rows,
            await info.context.loaders.members.load_many([m.member_id for m in rows]),
            strict=True,
        )
    }
    rows.sort(key=lambda m: (names[m.member_id], m.member_id, m.role))
    return [Membership(member_id=m.member_id, role=Role(m.role)) for m in rows]


async def goals_at(info: Info, product_id: str, at: datetime) -> list[Goal]:
    from api.graphql.types.product import Goal

    past = await past_product(info, product_id, at)
    if past is None:
        return []
    return [replace(Goal.from_row(g), at=at) for g in render.goal_rows(past)]


def decisions_until(where: DecisionFilter, at: datetime | None) -> DecisionFilter:
    """The filter, ending at `at` at the latest."""
    if at is None:
        return where
    return replace(where, to=at if where.to is None else min(where.to, at))
