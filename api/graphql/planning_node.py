"""node(id:) for an iteration: readable by the members of its product."""

from __future__ import annotations

from api.graphql.errors import NOT_FOUND, ApiError
from api.graphql.planning_loaders import planning_loaders
from api.graphql.types.iterations import Iteration
from api.graphql.types.node import Info


async def readable_iteration(info: Info, iteration_id: str) -> Iteration:
    row = await planning_loaders(info).iteration.load(iteration_id)
    if row is None:
        raise ApiError(NOT_FOUND, f"no iteration {iteration_id}")
    await info.context.check_product(row.product_id)
    return Iteration.from_row(row)
