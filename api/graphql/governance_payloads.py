"""What the governance mutations return, read back from the views once they show the
decision: the record the decision is about (its subject) and the decision itself."""

from __future__ import annotations

from typing import Any

from api.graphql.payload_types import payload_type
from api.graphql.payloads import not_visible, shown_decision
from api.graphql.types.decisions import Decision
from api.graphql.types.governance import ArchitectureDecision, Risk, adr_list
from api.graphql.types.node import Info
from domain.outcome import Outcome

RiskPayload = payload_type("RiskPayload", "risk", Risk, "risk")
ArchitectureDecisionPayload = payload_type(
    "ArchitectureDecisionPayload",
    "architecture_decision",
    ArchitectureDecision,
    "architecture decision",
    recorded="What was recorded (on acceptance of a successor: the acceptance).",
)


async def risk_payload(info: Info, outcome: Outcome) -> Any:
    decision = await shown_decision(info, outcome)
    found = await info.context.services.reader.risks_by_id([decision.subject_id])
    if decision.subject_id not in found:
        raise not_visible()
    return RiskPayload(
        risk=Risk.from_row(found[decision.subject_id]), decision=Decision.from_row(decision)
    )


async def architecture_decision_payload(info: Info, outcome: Outcome) -> Any:
    decision = await shown_decision(info, outcome)
    reader = info.context.services.reader
    rows = await reader.architecture_decisions(outcome.product_id or "", None)
    wanted = [a for a in adr_list(rows) if a.id == decision.subject_id]
    if not wanted:
        raise not_visible()
    return ArchitectureDecisionPayload(
        architecture_decision=wanted[0], decision=Decision.from_row(decision)
    )
