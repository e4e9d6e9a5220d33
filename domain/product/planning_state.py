"""Where the planning decisions keep their state on the Product (see domain/planning.py
for why iterations live inside the Product aggregate)."""

from __future__ import annotations

from typing import cast

from domain.errors import Conflict, NotFound
from domain.planning import Iteration, Planning
from domain.product.state import ProductState


class PlanningState(ProductState):
    def planned(self) -> Planning:
        """The product's planning state, created on first use: products recorded (and
        snapshots stored) before planning existed have none. Kept in the instance's
        dict, not as an annotated attribute, which the library would make an
        __init__ argument."""
        found = self.__dict__.get("planning")
        if found is None:
            found = self.__dict__["planning"] = Planning()
        return cast(Planning, found)

    def iteration(self, iteration_id: str, expected_version: int | None = None) -> Iteration:
        found = self.planned().iterations.get(iteration_id)
        if found is None:
            raise NotFound(f"no iteration {iteration_id}")
        self.check_expected(expected_version, found.version, "the iteration")
        return found

    def title_of(self, item_id: str) -> str:
        return repr(self.items[item_id].title)

    def check_not_closed(self, iteration: Iteration, doing: str) -> None:
        if iteration.status == "CLOSED":
            raise Conflict(f"iteration {iteration.number} is CLOSED: cannot {doing}")
