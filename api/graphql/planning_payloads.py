"""How an iteration decision's payload is read back once the views show it: the
decision's subject is the iteration."""

from __future__ import annotations

from api.graphql.decide import recorded_decision, settle
from api.graphql.errors import UNAVAILABLE, ApiError
from api.graphql.planning_loaders import planning_loaders
from api.graphql.types.decisions import Decision
from api.graphql.types.iterations import Iteration, IterationPayload
from api.graphql.types.node import Info
from domain.outcome import Outcome

NOT_VISIBLE = "the decision is recorded but not yet visible; query again shortly"


async def iteration_payload(info: Info, outcome: Outcome) -> IterationPayload:
    await settle(info, outcome)
    decision = await recorded_decision(info, outcome)
    if decision is None:
        raise ApiError(UNAVAILABLE, NOT_VISIBLE, retryable=True)
    row = await planning_loaders(info).iteration.load(decision.subject_id)
    if row is None:
        raise ApiError(UNAVAILABLE, NOT_VISIBLE, retryable=True)
    return IterationPayload(iteration=Iteration.from_row(row), decision=Decision.from_row(decision))
