"""What mutations return, read back from the views once they show the decision."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.decide import recorded_decision, settle
from api.graphql.errors import UNAVAILABLE, ApiError
from api.graphql.payload_types import payload_type
from api.graphql.types.decisions import Decision
from api.graphql.types.items import BacklogItem
from api.graphql.types.members import Member
from api.graphql.types.node import Info
from api.graphql.types.product import Product
from domain.outcome import Outcome
from projections.rows import DecisionRow

NOT_VISIBLE = "the decision is recorded but not yet visible; query again shortly"


@strawberry.type(description="A newly registered member and their token.")
class RegisterMemberPayload:
    member: Member = strawberry.field(description="The member, as the views now show them.")
    token: str = strawberry.field(
        description="Bearer token for this member; shown once, stored only as a hash."
    )


ProductPayload = payload_type(
    "ProductPayload",
    "product",
    Product,
    "product",
    about="it or its people",
    recorded="What was recorded; null when nothing was (a role already held).",
    optional=True,
)
ItemPayload = payload_type("ItemPayload", "item", BacklogItem, "item")


def not_visible() -> ApiError:
    """The decision is recorded, but what the payload reads is not in the views yet."""
    return ApiError(UNAVAILABLE, NOT_VISIBLE, retryable=True)


async def shown_decision(info: Info, outcome: Outcome) -> DecisionRow:
    """The decision the outcome recorded, once the views show it."""
    await settle(info, outcome)
    decision = await recorded_decision(info, outcome)
    if decision is None:
        raise not_visible()
    return decision


async def member_payload(info: Info, registration: Outcome) -> RegisterMemberPayload:
    await settle(info)
    row = await info.context.loaders.members.load(registration.member_id or "")
    if row is None or registration.token is None:
        raise not_visible()
    return RegisterMemberPayload(member=Member.from_row(row), token=registration.token)


async def product_payload(info: Info, outcome: Outcome) -> Any:
    await settle(info, outcome)
    row = await info.context.loaders.products.load(outcome.product_id or "")
    if row is None:
        raise not_visible()
    decision = await recorded_decision(info, outcome)
    return ProductPayload(
        product=Product.from_row(row), decision=Decision.from_row(decision) if decision else None
    )


async def item_payload(info: Info, outcome: Outcome) -> Any:
    decision = await shown_decision(info, outcome)
    row = await info.context.loaders.items.load(outcome.item_id or "")
    if row is None:
        raise not_visible()
    return ItemPayload(item=BacklogItem.from_row(row), decision=Decision.from_row(decision))
