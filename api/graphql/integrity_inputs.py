"""ScoreInput: a score's model and inputs, nested in scoreItem's input (the rest of
that input is made from the ScoreItem command)."""

from __future__ import annotations

import strawberry

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
