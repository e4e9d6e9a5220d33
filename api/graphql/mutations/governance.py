"""The governance decisions: risks and opportunities (the PO's assessment), architecture
decisions and technical requirements (the EM's technical leadership). One row each."""

from __future__ import annotations

import strawberry

from api.graphql import governance_inputs as i
from api.graphql.decision_fields import decision
from api.graphql.governance_payloads import ArchitectureDecisionPayload as Adr
from api.graphql.governance_payloads import RiskPayload as Risk
from api.graphql.payloads import ItemPayload as Item
from domain import commands as c

EM = "Engineering Manager decision (ENGINEERING_MANAGER only)."
OTHERS = (
    " An id of another product the caller can see is BAD_USER_INPUT; one naming nothing "
    "the caller can see is NOT_FOUND."
)


@strawberry.type
class GovernanceMutations:
    """The risk register, architecture decisions and technical requirements."""

    raise_risk = decision(
        c.RaiseRisk,
        i.RaiseRiskInput,
        Risk,
        "PRODUCT_OWNER or ENGINEERING_MANAGER. likelihood and impact are 1..5; the risk "
        "is OPEN and numbered after the product's last risk or opportunity." + OTHERS,
    )
    assess_risk = decision(
        c.AssessRisk,
        i.AssessRiskInput,
        Risk,
        "PRODUCT_OWNER, rationale required: new likelihood and impact of an OPEN risk "
        "(CONFLICT otherwise).",
    )
    resolve_risk = decision(
        c.ResolveRisk,
        i.ResolveRiskInput,
        Risk,
        "PRODUCT_OWNER, rationale required: an OPEN risk becomes MITIGATED, REALIZED or "
        "DISMISSED (OPEN as the target is BAD_USER_INPUT; a closed risk is CONFLICT).",
    )
    set_risk_items = decision(
        c.SetRiskItems,
        i.SetRiskItemsInput,
        Risk,
        "PRODUCT_OWNER or ENGINEERING_MANAGER: replaces the items the risk concerns "
        "(also of a closed risk, to keep the record straight)." + OTHERS,
    )
    propose_architecture_decision = decision(
        c.ProposeArchitectureDecision,
        i.ProposeArchitectureDecisionInput,
        Adr,
        EM + " Recorded as PROPOSED and numbered per product. supersedesId names an "
        "ACCEPTED decision of the same product (one that is not ACCEPTED: CONFLICT)." + OTHERS,
    )
    accept_architecture_decision = decision(
        c.AcceptArchitectureDecision,
        i.ArchitectureDecisionInput,
        Adr,
        EM + " PROPOSED -> ACCEPTED (else CONFLICT). Accepting a successor also records "
        "ArchitectureDecisionSuperseded for its predecessor, in the same transaction; the "
        "payload's decision is the acceptance.",
    )
    reject_architecture_decision = decision(
        c.RejectArchitectureDecision,
        i.ArchitectureDecisionInput,
        Adr,
        EM + " PROPOSED -> REJECTED (else CONFLICT); rationale required.",
    )
    set_technical_requirements = decision(
        c.SetTechnicalRequirements,
        i.SetTechnicalRequirementsInput,
        Item,
        EM + " Replaces the item's technical requirements; acceptance criteria stay the "
        "Product Owner's and READY still means acceptance criteria and an estimate.",
    )
