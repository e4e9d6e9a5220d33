"""The governance part's enums: the domain's vocabulary, described for the schema."""

from __future__ import annotations

import strawberry

from domain.governance_vocabulary import ArchitectureDecisionStatus, RiskKind, RiskStatus

strawberry.enum(RiskKind, description="A threat to the product, or a chance for it.")
strawberry.enum(
    RiskStatus,
    description="OPEN until the Product Owner resolves it as MITIGATED, REALIZED or DISMISSED.",
)
strawberry.enum(
    ArchitectureDecisionStatus,
    description="PROPOSED -> ACCEPTED or REJECTED; ACCEPTED -> SUPERSEDED when a successor "
    "is accepted.",
)

__all__ = ["ArchitectureDecisionStatus", "RiskKind", "RiskStatus"]
