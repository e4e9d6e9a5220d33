"""The governance decisions: risks and opportunities (the PO's assessment), architecture
decisions and technical requirements (the EM's technical leadership). One row each."""

from __future__ import annotations

import strawberry

from api.graphql.command_inputs import input_of
from api.graphql.decision_fields import EM, decision
from api.graphql.governance_payloads import ArchitectureDecisionPayload as Adr
from api.graphql.governance_payloads import RiskPayload as Risk
from api.graphql.payloads import ItemPayload as Item
from domain import commands as c

OTHERS = (
    " An id of another product the caller can see is BAD_USER_INPUT; one naming nothing "
    "the caller can see is NOT_FOUND."
)

SUPERSEDES = "An ACCEPTED decision of the same product, superseded once this one is accepted."
ON_RECORD = input_of(c.ArchitectureDecisionCommand, "ArchitectureDecisionInput")


@strawberry.type
class GovernanceMutations:
    """The risk register, architecture decisions and technical requirements."""

    raise_risk = decision(
        c.RaiseRisk,
        Risk,
        "PRODUCT_OWNER or ENGINEERING_MANAGER. likelihood and impact are 1..5; the risk "
        "is OPEN and numbered after the product's last risk or opportunity." + OTHERS,
        input=input_of(
            c.RaiseRisk,
            likelihood="1 (rare) to 5 (almost certain).",
            impact="1 (negligible) to 5 (severe).",
        ),
    )
    assess_risk = decision(
        c.AssessRisk,
        Risk,
        "PRODUCT_OWNER, rationale required: new likelihood and impact of an OPEN risk "
        "(CONFLICT otherwise).",
    )
    resolve_risk = decision(
        c.ResolveRisk,
        Risk,
        "PRODUCT_OWNER, rationale required: an OPEN risk becomes MITIGATED, REALIZED or "
        "DISMISSED (OPEN as the target is BAD_USER_INPUT; a closed risk is CONFLICT).",
        input=input_of(c.ResolveRisk, status="MITIGATED, REALIZED or DISMISSED."),
    )
    set_risk_items = decision(
        c.SetRiskItems,
        Risk,
        "PRODUCT_OWNER or ENGINEERING_MANAGER: replaces the items the risk concerns "
        "(also of a closed risk, to keep the record straight)." + OTHERS,
        input=input_of(c.SetRiskItems, item_ids="Replaces the linked items."),
    )
    propose_architecture_decision = decision(
        c.ProposeArchitectureDecision,
        Adr,
        EM + " Recorded as PROPOSED and numbered per product. supersedesId names an "
        "ACCEPTED decision of the same product (one that is not ACCEPTED: CONFLICT)." + OTHERS,
        input=input_of(c.ProposeArchitectureDecision, supersedes_id=SUPERSEDES),
    )
    accept_architecture_decision = decision(
        c.AcceptArchitectureDecision,
        Adr,
        EM + " PROPOSED -> ACCEPTED (else CONFLICT). Accepting a successor also records "
        "ArchitectureDecisionSuperseded for its predecessor, in the same transaction; the "
        "payload's decision is the acceptance.",
        input=ON_RECORD,
    )
    reject_architecture_decision = decision(
        c.RejectArchitectureDecision,
        Adr,
        EM + " PROPOSED -> REJECTED (else CONFLICT); rationale required.",
        input=ON_RECORD,
    )
    set_technical_requirements = decision(
        c.SetTechnicalRequirements,
        Item,
        EM + " Replaces the item's technical requirements; acceptance criteria stay the "
        "Product Owner's and READY still means acceptance criteria and an estimate.",
        input=input_of(
            c.SetTechnicalRequirements, requirements="Replaces the item's requirements."
        ),
    )
