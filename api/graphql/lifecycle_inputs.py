"""The lifecycle's mutation inputs, exactly as lifecycle.graphql names them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.enums import GoalStatus, ItemKind, Role
from api.graphql.inputs import expected_field, key_field

VERSION = "The goal's version the decision was based on."


@strawberry.input
class RevokeRoleInput:
    product_id: strawberry.ID
    member_id: strawberry.ID
    role: Role
    rationale: str
    idempotency_key: str | None = key_field()


@strawberry.input(
    description="Fields left out keep their value; metric or targetDate null clears it."
)
class ReviseGoalInput:
    goal_id: strawberry.ID
    title: str | None = strawberry.UNSET
    metric: str | None = strawberry.UNSET
    target_date: datetime | None = strawberry.UNSET
    rationale: str
    expected_version: int | None = expected_field(VERSION)
    idempotency_key: str | None = key_field()


@strawberry.input
class ChangeGoalStatusInput:
    goal_id: strawberry.ID
    status: GoalStatus
    rationale: str
    expected_version: int | None = expected_field(VERSION)
    idempotency_key: str | None = key_field()


@strawberry.input(description="Replaces the item's goal links; an empty list clears them.")
class SetItemGoalsInput:
    item_id: strawberry.ID
    goal_ids: list[strawberry.ID]
    rationale: str | None = None
    expected_version: int | None = expected_field()
    idempotency_key: str | None = key_field()


@strawberry.input
class RequestItemInput:
    product_id: strawberry.ID
    title: str
    description: str = ""
    kind: ItemKind = ItemKind.FEATURE
    rationale: str = strawberry.field(description="Why it is needed.")
    idempotency_key: str | None = key_field()
