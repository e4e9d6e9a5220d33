"""The governance part's mutation inputs, exactly as the contract names them (the
commands take the fields by name)."""

from __future__ import annotations

import strawberry

from api.graphql.governance_enums import RiskKind, RiskStatus
from api.graphql.inputs import expected_field, key_field

EXPECTED = "The record's version the decision was based on (CONFLICT if it moved on)."


@strawberry.input
class RaiseRiskInput:
    product_id: strawberry.ID
    kind: RiskKind = RiskKind.RISK
    title: str
    description: str = ""
    likelihood: int = strawberry.field(description="1 (rare) to 5 (almost certain).")
    impact: int = strawberry.field(description="1 (negligible) to 5 (severe).")
    item_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class AssessRiskInput:
    risk_id: strawberry.ID
    likelihood: int
    impact: int
    rationale: str
    expected_version: int | None = expected_field(EXPECTED)
    idempotency_key: str | None = key_field()


@strawberry.input
class ResolveRiskInput:
    risk_id: strawberry.ID
    status: RiskStatus = strawberry.field(description="MITIGATED, REALIZED or DISMISSED.")
    rationale: str
    expected_version: int | None = expected_field(EXPECTED)
    idempotency_key: str | None = key_field()


@strawberry.input
class SetRiskItemsInput:
    risk_id: strawberry.ID
    item_ids: list[strawberry.ID] = strawberry.field(description="Replaces the linked items.")
    rationale: str | None = None
    expected_version: int | None = expected_field(EXPECTED)
    idempotency_key: str | None = key_field()


@strawberry.input
class ProposeArchitectureDecisionInput:
    product_id: strawberry.ID
    title: str
    context: str
    decision: str
    consequences: str
    item_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    supersedes_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="An ACCEPTED decision of the same product, superseded once this one "
        "is accepted.",
    )
    rationale: str | None = None
    idempotency_key: str | None = key_field()


@strawberry.input
class ArchitectureDecisionInput:
    architecture_decision_id: strawberry.ID
    rationale: str | None = None
    expected_version: int | None = expected_field(EXPECTED)
    idempotency_key: str | None = key_field()


@strawberry.input
class SetTechnicalRequirementsInput:
    item_id: strawberry.ID
    requirements: list[str] = strawberry.field(description="Replaces the item's requirements.")
    rationale: str | None = None
    expected_version: int | None = expected_field()
    idempotency_key: str | None = key_field()
