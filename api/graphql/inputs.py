"""Mutation inputs, exactly as the contract names them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from api.graphql.enums import ItemKind, Role

KEY = "Makes retries safe: the same key from the same caller records the decision once."


ITEM_VERSION = "The item's version the decision was based on."


def key_field() -> Any:
    return strawberry.field(default=None, description=KEY)


def expected_field(description: str = ITEM_VERSION) -> Any:
    """expectedVersion: the version of what the decision is about that it was based on."""
    return strawberry.field(default=None, description=description)


@strawberry.input
class RegisterMemberInput:
    name: str
    email: str


@strawberry.input
class CreateProductInput:
    name: str
    vision: str
    idempotency_key: str | None = key_field()


@strawberry.input
class GrantRoleInput:
    product_id: strawberry.ID
    member_id: strawberry.ID
    role: Role
    idempotency_key: str | None = key_field()


@strawberry.input
class DefineVisionInput:
    product_id: strawberry.ID
    vision: str
    rationale: str
    idempotency_key: str | None = key_field()


@strawberry.input
class SetGoalInput:
    product_id: strawberry.ID
    title: str
    metric: str | None = None
    target_date: datetime | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class ProposeItemInput:
    product_id: strawberry.ID
    title: str
    description: str = ""
    kind: ItemKind = ItemKind.FEATURE
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class PrioritizeItemInput:
    item_id: strawberry.ID
    rank: int = strawberry.field(
        description="Target 1-based rank; larger than the backlog length means last."
    )
    rationale: str
    expected_version: int | None = expected_field(
        "The product's backlogVersion the decision was based on."
    )
    idempotency_key: str | None = key_field()


@strawberry.input
class RefineItemInput:
    item_id: strawberry.ID
    description: str | None = None
    acceptance_criteria: list[str] | None = None
    expected_version: int | None = expected_field()
    idempotency_key: str | None = key_field()
    title: str | None = strawberry.field(default=None, description="A new title; null keeps it.")
    kind: ItemKind | None = strawberry.field(default=None, description="A new kind; null keeps it.")
    rationale: str | None = None


@strawberry.input
class EstimateItemInput:
    item_id: strawberry.ID
    points: float
    rationale: str | None = None
    expected_version: int | None = expected_field()
    idempotency_key: str | None = key_field()


@strawberry.input
class SetCapacityInput:
    product_id: strawberry.ID
    member_id: strawberry.ID
    percent: int
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class AssignEngineerInput:
    item_id: strawberry.ID
    member_id: strawberry.ID
    percent: int
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class UnassignEngineerInput:
    item_id: strawberry.ID
    member_id: strawberry.ID
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class ItemDecisionInput:
    item_id: strawberry.ID
    rationale: str | None = None
    expected_version: int | None = expected_field()
    idempotency_key: str | None = key_field()
