"""The planning decisions' inputs, with the contract's names (the commands take them by
name)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.inputs import expected_field, key_field

VERSION = "The iteration's version the decision was based on."


@strawberry.input
class PlanIterationInput:
    product_id: strawberry.ID
    name: str
    starts_at: datetime
    ends_at: datetime
    capacity_points: float
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class SetIterationCapacityInput:
    iteration_id: strawberry.ID
    capacity_points: float
    rationale: str | None = None
    expected_version: int | None = expected_field(VERSION)
    idempotency_key: str | None = key_field()


@strawberry.input
class ProposeScopeInput:
    iteration_id: strawberry.ID
    item_ids: list[strawberry.ID]
    rationale: str | None = None
    expected_version: int | None = expected_field(VERSION)
    idempotency_key: str | None = key_field()


@strawberry.input
class CommitIterationInput:
    iteration_id: strawberry.ID
    accept_overload: bool = False
    rationale: str | None = None
    expected_version: int | None = expected_field(VERSION)
    idempotency_key: str | None = key_field()


@strawberry.input
class CloseIterationInput:
    iteration_id: strawberry.ID
    rationale: str | None = None
    expected_version: int | None = expected_field(VERSION)
    idempotency_key: str | None = key_field()


@strawberry.input
class DependencyInput:
    item_id: strawberry.ID
    depends_on_id: strawberry.ID
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class BlockItemInput:
    item_id: strawberry.ID
    rationale: str = strawberry.field(description="Why the item is blocked (required).")
    idempotency_key: str | None = key_field()


@strawberry.input
class SetWipLimitInput:
    product_id: strawberry.ID
    per_engineer: int | None = strawberry.field(
        default=None, description="In-progress items per engineer, >= 1; null removes the limit."
    )
    rationale: str | None = None
    idempotency_key: str | None = key_field()
