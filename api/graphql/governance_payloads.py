"""What the governance mutations return, read back from the views once they show the
decision: the record the decision is about (its subject) and the decision itself."""

from __future__ import annotations

import strawberry

from api.graphql.payloads import not_visible, shown_decision
from api.graphql.types.decisions import Decision
from api.graphql.types.governance import ArchitectureDecision, Risk, adr_list
from api.graphql.types.node import Info
from domain.outcome import Outcome


@strawberry.type(description="The risk after a decision about it.")
class RiskPayload:
    risk: Risk = strawberry.field(description="The risk, as the views now show it.")
    decision: Decision = strawberry.field(description="What was recorded.")


@strawberry.type(description="The architecture decision after a decision about it.")
class ArchitectureDecisionPayload:
    architecture_decision: ArchitectureDecision = strawberry.field(
        description="The record, as the views now show it."
    )
    decision: Decision = strawberry.field(
        description="What was recorded (on acceptance of a successor: the acceptance)."
    )


async def risk_payload(info: Info, outcome: Outcome) -> RiskPayload:
    decision = await shown_decision(info, outcome)
    found = await info.context.services.reader.risks_by_id([decision.subject_id])
    if decision.subject_id not in found:
        raise not_visible()
    return RiskPayload(
        risk=Risk.from_row(found[decision.subject_id]), decision=Decision.from_row(decision)
    )


async def architecture_decision_payload(
    info: Info, outcome: Outcome
) -> ArchitectureDecisionPayload:
    decision = await shown_decision(info, outcome)
    reader = info.context.services.reader
    rows = await reader.architecture_decisions(outcome.product_id or "", None)
    wanted = [a for a in adr_list(rows) if a.id == decision.subject_id]
    if not wanted:
        raise not_visible()
    return ArchitectureDecisionPayload(
        architecture_decision=wanted[0], decision=Decision.from_row(decision)
    )
