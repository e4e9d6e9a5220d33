"""Iterations and their two-party commitment: the Engineering Manager plans an
iteration and sets its capacity, the Product Owner proposes its scope in backlog
order, the Engineering Manager commits to exactly that scope, then closes it."""

from __future__ import annotations

from datetime import datetime

from domain import commands as c
from domain import planning_events as ev
from domain.errors import Conflict, InvalidInput
from domain.handlers import By, decides
from domain.planning import IterationStatus
from domain.product.planning_state import PlanningState
from domain.vocabulary import ItemStatus

PROPOSABLE = (ItemStatus.PROPOSED, ItemStatus.READY, ItemStatus.IN_PROGRESS)
DELIVERED = (ItemStatus.DONE, ItemStatus.ACCEPTED)


class IterationDecisions(PlanningState):
    @decides(c.PlanIteration)
    def plan_iteration(self, by: By, cmd: c.PlanIteration) -> str:
        if cmd.ends_at <= cmd.starts_at:
            raise InvalidInput("endsAt must be after startsAt")
        for other in self.planned().iterations.values():
            starts, ends = (
                datetime.fromisoformat(other.starts_at),
                datetime.fromisoformat(other.ends_at),
            )
            if cmd.starts_at < ends and starts < cmd.ends_at:
                raise InvalidInput(
                    f"the iteration overlaps iteration {other.number} ({other.name!r}, "
                    f"{other.starts_at} to {other.ends_at})"
                )
        number = len(self.planned().iterations) + 1
        return self.record_new(ev.IterationPlanned, by, cmd, "iteration_id", number=number)

    @decides(c.SetIterationCapacity)
    def set_iteration_capacity(self, by: By, cmd: c.SetIterationCapacity) -> None:
        iteration = self.iteration(cmd.iteration_id, cmd.expected_version)
        self.check_not_closed(iteration, "change its capacity")
        self.record(
            ev.IterationCapacitySet, by, cmd, before=iteration.capacity, after=cmd.capacity_points
        )

    @decides(c.ProposeScope)
    def propose_scope(self, by: By, cmd: c.ProposeScope) -> None:
        iteration = self.iteration(cmd.iteration_id, cmd.expected_version)
        self.check_not_closed(iteration, "propose its scope")
        for item_id in cmd.item_ids:
            if item_id not in self.items:
                raise InvalidInput(f"item {item_id} is not an item of this product")
        for item_id in cmd.item_ids:
            item = self.items[item_id]
            if item.status not in PROPOSABLE:
                raise Conflict(
                    f"{self.title_of(item_id)} is {item.status.value}: only PROPOSED, READY "
                    "or IN_PROGRESS items can be proposed"
                )
        if iteration.status == IterationStatus.COMMITTED and not cmd.rationale:
            raise InvalidInput(
                "the Engineering Manager committed this iteration: proposing again needs a "
                "rationale"
            )
        self.record(
            ev.IterationScopeProposed,
            by,
            cmd,
            before=list(iteration.proposed),
            status_before=iteration.status,
        )

    @decides(c.CommitIteration)
    def commit_iteration(self, by: By, cmd: c.CommitIteration) -> None:
        iteration = self.iteration(cmd.iteration_id, cmd.expected_version)
        if iteration.status != IterationStatus.PLANNED:
            raise Conflict(f"iteration {iteration.number} is {iteration.status} already")
        if cmd.accept_overload and not cmd.rationale:
            raise InvalidInput("acceptOverload needs a rationale")
        if not iteration.proposed:
            raise Conflict("the proposed scope is empty: nothing to commit to")
        estimates: list[float] = []
        for item_id in iteration.proposed:
            item = self.items[item_id]
            if not item.status.is_ranked:
                raise Conflict(f"{self.title_of(item_id)} is {item.status.value} since proposed")
            if item.estimate is None:
                raise Conflict(f"{self.title_of(item_id)} is not estimated")
            estimates.append(item.estimate)
        points = float(sum(estimates))
        if points > iteration.capacity and not cmd.accept_overload:
            raise Conflict(
                f"the scope is {points:g} points, {points - iteration.capacity:g} over the "
                f"capacity of {iteration.capacity:g}; commit with acceptOverload to take it on"
            )
        self.record(
            ev.IterationCommitted,
            by,
            cmd,
            item_ids=list(iteration.proposed),
            estimates=estimates,
            points=points,
            capacity_points=iteration.capacity,
        )

    @decides(c.CloseIteration)
    def close_iteration(self, by: By, cmd: c.CloseIteration) -> None:
        iteration = self.iteration(cmd.iteration_id, cmd.expected_version)
        if iteration.status != IterationStatus.COMMITTED:
            raise Conflict(
                f"iteration {iteration.number} is {iteration.status}: only a COMMITTED "
                "iteration can be closed"
            )
        delivered = [i for i in iteration.committed if self.items[i].status in DELIVERED]
        self.record(
            ev.IterationClosed,
            by,
            cmd,
            delivered=delivered,
            carried_over=[i for i in iteration.committed if i not in delivered],
            delivered_points=float(sum(iteration.committed_estimates[i] for i in delivered)),
        )
