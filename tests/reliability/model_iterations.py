"""The reference model's iterations (contract part planning.graphql, issue 14).

Written from the contract's header rules, in the order model.py lists them:
- planIteration (EM): startsAt and endsAt with a UTC offset and capacityPoints >= 0
  (InvalidInput as shapes); then, once the caller may decide, endsAt after startsAt and
  no overlap with another iteration of the product as half-open intervals (InvalidInput).
  Numbered 1, 2, ... per product; the outcome names it (created id).
- setIterationCapacity (EM): not on a CLOSED iteration (Conflict).
- proposeScope (PO): the whole scope, distinct item ids (duplicates InvalidInput); items
  of the product (another's: InvalidInput when the caller holds a role there, else
  NotFound, as ids of nothing); a CLOSED iteration is Conflict; items PROPOSED, READY or
  IN_PROGRESS (else Conflict); after a commitment a rationale is required (InvalidInput)
  and the iteration is PLANNED again.
- commitIteration (EM): PLANNED only (Conflict); acceptOverload needs a rationale
  (InvalidInput); an empty scope, an item no longer ranked or unestimated, or points over
  the capacity without acceptOverload are Conflict.
- closeIteration (EM): COMMITTED only (Conflict).
- An id that names no iteration is NotFound; expectedVersion is the iteration's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import Conflict, InvalidInput, NotFound
from tests.reliability.model import EM, PO, RANKED, Caller, Prediction, canonical, rationale
from tests.reliability.model_adrs import AdrsModel

MAX_CAPACITY = 1_000 * 500
PROPOSABLE = ("PROPOSED", "READY", "IN_PROGRESS")


@dataclass
class IterationModel:
    product: str
    number: int
    starts: datetime
    ends: datetime
    capacity: float
    status: str = "PLANNED"
    proposed: list[str] = field(default_factory=list)
    version: int = 1


def moment(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise InvalidInput("startsAt and endsAt carry a UTC offset")
    return value


def capacity(points: float) -> float:
    if not 0 <= points <= MAX_CAPACITY:
        raise InvalidInput("capacityPoints")
    return float(points)


class IterationsModel(AdrsModel):
    def __init__(self) -> None:
        super().__init__()
        self.iterations: dict[str, IterationModel] = {}

    def plan_iteration(
        self,
        caller: Caller,
        product_id: str,
        starts: datetime,
        ends: datetime,
        points: float,
        key: str | None,
        new_id: str,
    ) -> Prediction:
        product_id, starts, ends = canonical(product_id), moment(starts), moment(ends)
        points = capacity(points)

        def decide() -> Prediction:
            product = self.product(product_id)
            self.role(product, caller, (EM,))
            if ends <= starts:
                raise InvalidInput("endsAt after startsAt")
            mine = [i for i in self.iterations.values() if i.product == product_id]
            if any(starts < i.ends and i.starts < ends for i in mine):
                raise InvalidInput("overlaps another iteration")
            number = len(mine) + 1
            self.iterations[new_id] = IterationModel(product_id, number, starts, ends, points)
            return self.decided(product_id, events=2, created=new_id)  # and its locator

        request = ("planIteration", product_id, starts, ends, points)
        return self.run(caller, key, request, decide)

    def on_iteration(
        self,
        caller: Caller,
        key: str | None,
        request: tuple[object, ...],
        iteration_id: str,
        role: str,
        change: Callable[[IterationModel], None],
        expected: int | None,
        references: tuple[str, ...] = (),
    ) -> Prediction:
        iteration_id = canonical(iteration_id)
        iteration = self.iterations.get(iteration_id)
        if iteration is None:
            raise NotFound(iteration_id)

        def decide() -> Prediction:
            self.role(self.products[iteration.product], caller, (role,))
            self.own_items(caller, iteration.product, references)  # before the version
            self.expect(expected, iteration.version)
            change(iteration)
            iteration.version += 1
            return self.decided(iteration.product)

        return self.run(caller, key, (*request, iteration_id, expected), decide)

    def set_iteration_capacity(
        self,
        caller: Caller,
        iteration_id: str,
        points: float,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(iteration_id)
        points = capacity(points)

        def change(iteration: IterationModel) -> None:
            if iteration.status == "CLOSED":
                raise Conflict("the iteration is CLOSED")
            iteration.capacity = points

        request = ("setIterationCapacity", points)
        return self.on_iteration(caller, key, request, iteration_id, EM, change, expected)

    def propose_scope(
        self,
        caller: Caller,
        iteration_id: str,
        item_ids: list[str],
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(iteration_id)
        wanted = [canonical(i) for i in item_ids]
        if len(set(wanted)) != len(wanted):
            raise InvalidInput("an item twice")
        why = rationale(why, required=False)

        def change(iteration: IterationModel) -> None:
            if iteration.status == "CLOSED":
                raise Conflict("the iteration is CLOSED")
            if any(self.items[i].status not in PROPOSABLE for i in wanted):
                raise Conflict("an item that cannot be proposed")
            if iteration.status == "COMMITTED" and why is None:
                raise InvalidInput("proposing again after a commitment needs a rationale")
            iteration.proposed, iteration.status = list(wanted), "PLANNED"

        request = ("proposeScope", tuple(wanted), why)
        return self.on_iteration(
            caller, key, request, iteration_id, PO, change, expected, tuple(wanted)
        )

    def commit_iteration(
        self,
        caller: Caller,
        iteration_id: str,
        overload: bool,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(iteration_id)
        why = rationale(why, required=False)

        def change(iteration: IterationModel) -> None:
            if iteration.status != "PLANNED":
                raise Conflict(f"the iteration is {iteration.status}")
            if overload and why is None:
                raise InvalidInput("acceptOverload needs a rationale")
            items = [self.items[i] for i in iteration.proposed]
            if not items or any(i.status not in RANKED or i.estimate is None for i in items):
                raise Conflict("nothing to commit to, or an item that cannot be committed")
            if sum(i.estimate or 0 for i in items) > iteration.capacity and not overload:
                raise Conflict("over capacity")
            iteration.status = "COMMITTED"

        request = ("commitIteration", overload, why)
        return self.on_iteration(caller, key, request, iteration_id, EM, change, expected)

    def close_iteration(
        self,
        caller: Caller,
        iteration_id: str,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(iteration_id)
        why = rationale(why, required=False)

        def change(iteration: IterationModel) -> None:
            if iteration.status != "COMMITTED":
                raise Conflict(f"the iteration is {iteration.status}")
            iteration.status = "CLOSED"

        request = ("closeIteration", why)
        return self.on_iteration(caller, key, request, iteration_id, EM, change, expected)
