"""One mutation field per decision, made from a row of the mutation tables: the
command it takes, its input type, its payload and its documentation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from api.graphql.caused_by import with_caused_by
from api.graphql.command_inputs import input_of
from api.graphql.decide import decide
from api.graphql.governance_payloads import (
    ArchitectureDecisionPayload,
    RiskPayload,
    architecture_decision_payload,
    risk_payload,
)
from api.graphql.payloads import (
    ItemPayload,
    ProductPayload,
    RegisterMemberPayload,
    item_payload,
    member_payload,
    product_payload,
)
from api.graphql.people_payloads import (
    MemberPayload,
    PeopleRecordPayload,
    PositionPayload,
    lifecycle_payload,
    people_record_payload,
    position_payload,
)
from api.graphql.planning_payloads import IterationPayload, iteration_payload
from api.graphql.types.node import Info
from domain.commands import Command
from domain.outcome import Outcome

PO = "Product Owner decision (PRODUCT_OWNER only)."
EM = "Engineering Manager decision (ENGINEERING_MANAGER only)."
"""How a mutation's documentation opens when one role alone may take the decision."""

PAYLOADS: dict[type[Any], Callable[[Info, Outcome], Awaitable[Any]]] = {
    ItemPayload: item_payload,
    ProductPayload: product_payload,
    RegisterMemberPayload: member_payload,
    RiskPayload: risk_payload,
    ArchitectureDecisionPayload: architecture_decision_payload,
    IterationPayload: iteration_payload,
    PositionPayload: position_payload,
    PeopleRecordPayload: people_record_payload,
    MemberPayload: lifecycle_payload,
}
"""How each payload is read back from the views once they show the decision."""


def decision(
    kind: type[Command],
    payload: type[Any],
    doc: str,
    *,
    input: type[Any] | None = None,
    read_back: Callable[[Info, Outcome], Awaitable[Any]] | None = None,
) -> Any:
    """The mutation field that takes `kind` and answers `payload` (read back as PAYLOADS
    says, unless `read_back` is given). Its input is made from the command (input_of),
    unless `input` is given: a shared input, or one with documented fields."""
    read_back = read_back or PAYLOADS[payload]
    input_type = with_caused_by(input or input_of(kind))

    async def resolve(info: Info, input: Any) -> Any:
        return await read_back(info, await decide(info, kind, input))

    resolve.__annotations__ = {"info": Info, "input": input_type, "return": payload}
    resolve.__name__ = kind.__name__
    return strawberry.mutation(resolver=resolve, description=doc)
