"""IterationPayload, and how an iteration decision's payload is read back once the views
show it: the decision's subject is the iteration."""

from __future__ import annotations

from typing import Any

from api.graphql.payload_types import payload_type
from api.graphql.payloads import not_visible, shown_decision
from api.graphql.planning_loaders import planning_loaders
from api.graphql.types.decisions import Decision
from api.graphql.types.iterations import Iteration
from api.graphql.types.node import Info
from domain.outcome import Outcome

IterationPayload = payload_type("IterationPayload", "iteration", Iteration, "iteration")


async def iteration_payload(info: Info, outcome: Outcome) -> Any:
    decision = await shown_decision(info, outcome)
    row = await planning_loaders(info).iteration.load(decision.subject_id)
    if row is None:
        raise not_visible()
    return IterationPayload(iteration=Iteration.from_row(row), decision=Decision.from_row(decision))
