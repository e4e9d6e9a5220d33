"""GoalPayload, and how the goal decisions find their product: from the goal's locator
on the write side, as an item's; a goal set before goals had locators is found in the
views (a goal never changes product; the aggregate then checks the goal is its own)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import anyio.to_thread
import strawberry

from api.graphql.arguments import parse_id
from api.graphql.command_inputs import input_of
from api.graphql.decide import decide
from api.graphql.errors import NOT_FOUND, ApiError
from api.graphql.payload_types import payload_type
from api.graphql.payloads import not_visible, shown_decision
from api.graphql.types.decisions import Decision
from api.graphql.types.node import Info
from api.graphql.types.product import Goal
from domain.commands import KEEP, GoalCommand
from domain.errors import DomainError, NotFound
from domain.outcome import Outcome

GoalPayload = payload_type("GoalPayload", "goal", Goal, "goal")


async def goal_payload(info: Info, outcome: Outcome) -> Any:
    decision = await shown_decision(info, outcome)
    rows = await info.context.loaders.goals.load(outcome.product_id or "")
    goal = next((g for g in rows if g.id == decision.subject_id), None)
    if goal is None:
        raise not_visible()
    return GoalPayload(goal=Goal.from_row(goal), decision=Decision.from_row(decision))


class GoalInput:
    """A goal input with the goal's product, and KEEP for the fields left out."""

    def __init__(self, input: Any, product_id: str) -> None:
        for name, value in asdict(input).items():
            setattr(self, name, KEEP if value is strawberry.UNSET else value)
        self.product_id = product_id


def goal_decision(kind: type[GoalCommand], doc: str, input_doc: str | None = None) -> Any:
    """The mutation field of a goal decision; answers GoalPayload. Its input names the
    goal, not the product: the product is found from the goal."""
    input_type = input_of(kind, omit=("product_id",), doc=input_doc)

    async def resolve(info: Info, input: Any) -> Any:
        info.context.require_viewer()
        goal_id = parse_id(str(input.goal_id), "goalId")
        product_id = await product_of_goal(info, goal_id)
        return await goal_payload(info, await decide(info, kind, GoalInput(input, product_id)))

    resolve.__annotations__ = {"info": Info, "input": input_type, "return": GoalPayload}
    resolve.__name__ = kind.__name__
    return strawberry.mutation(resolver=resolve, description=doc)


async def product_of_goal(info: Info, goal_id: str) -> str:
    services = info.context.services
    try:
        return await anyio.to_thread.run_sync(services.app.product_of_goal, goal_id)
    except NotFound:
        pass  # set before goals had locators: the views know it
    except DomainError as error:
        raise ApiError.from_domain(error) from None
    products = await services.reader.products_of_goals([goal_id])
    if goal_id not in products:
        raise ApiError(NOT_FOUND, f"no goal {goal_id}")
    return products[goal_id]
