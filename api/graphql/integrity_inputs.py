"""Inputs of the integrity area's decisions, as the contract names them."""

from __future__ import annotations

import strawberry

from api.graphql.inputs import expected_field, key_field
from api.graphql.types.scores import ScoringModel


@strawberry.input(
    description="A scoring model and its inputs; an input it does not use is refused."
)
class ScoreInput:
    model: ScoringModel
    business_value: float | None = strawberry.field(default=None, description="WSJF, > 0.")
    time_criticality: float | None = strawberry.field(default=None, description="WSJF, > 0.")
    risk_reduction: float | None = strawberry.field(default=None, description="WSJF, > 0.")
    job_size: float | None = strawberry.field(default=None, description="WSJF, > 0.")
    reach: float | None = strawberry.field(default=None, description="RICE, >= 0.")
    impact: float | None = strawberry.field(default=None, description="RICE, > 0.")
    confidence: float | None = strawberry.field(default=None, description="RICE, in (0, 1].")
    effort: float | None = strawberry.field(default=None, description="RICE, > 0.")


@strawberry.input
class ScoreItemInput:
    item_id: strawberry.ID
    score: ScoreInput
    rationale: str | None = None
    expected_version: int | None = expected_field("The item's version the score was based on.")
    caused_by: list[strawberry.ID] | None = None
    idempotency_key: str | None = key_field()
