"""Decisions about risks and opportunities (the PO's assessment), architecture
decisions and technical requirements (the EM's technical leadership)."""

from __future__ import annotations

from domain.commands.base import Command, ItemDecision, ProductCommand
from domain.commands.fields import (
    ArchitectureDecisionId,
    Consequences,
    Context,
    DecisionText,
    Description,
    Impact,
    ItemIds,
    Likelihood,
    Rationale,
    RequiredRationale,
    Requirements,
    Resolution,
    RiskId,
    RiskKindInput,
    SupersedesId,
    Title,
)
from domain.governance_vocabulary import AboutRecord, RiskKind


class RecordCommand(Command, AboutRecord):
    """A decision about an existing risk or architecture decision (its product is
    found from the record's locator, as an item's is)."""

    expected_version: int | None = None
    """The record's version the decision was based on."""


class RiskCommand(RecordCommand):
    risk_id: RiskId
    record_field = "risk_id"


class ArchitectureDecisionCommand(RecordCommand):
    architecture_decision_id: ArchitectureDecisionId
    rationale: Rationale = None
    record_field = "architecture_decision_id"


class RaiseRisk(ProductCommand):
    kind: RiskKindInput = RiskKind.RISK
    title: Title
    description: Description = ""
    likelihood: Likelihood
    impact: Impact
    item_ids: ItemIds = ()
    rationale: Rationale = None


class AssessRisk(RiskCommand):
    likelihood: Likelihood
    impact: Impact
    rationale: RequiredRationale


class ResolveRisk(RiskCommand):
    status: Resolution
    rationale: RequiredRationale


class SetRiskItems(RiskCommand):
    item_ids: ItemIds
    rationale: Rationale = None


class ProposeArchitectureDecision(ProductCommand):
    title: Title
    context: Context
    decision: DecisionText
    consequences: Consequences
    item_ids: ItemIds = ()
    supersedes_id: SupersedesId = None
    rationale: Rationale = None


class AcceptArchitectureDecision(ArchitectureDecisionCommand):
    pass


class RejectArchitectureDecision(ArchitectureDecisionCommand):
    rationale: RequiredRationale


class SetTechnicalRequirements(ItemDecision):
    requirements: Requirements
