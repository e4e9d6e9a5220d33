"""Given a team, the planning steps the suites share: iterations a week apart,
estimated items, a proposal and a commitment."""

from __future__ import annotations

from datetime import timedelta

from domain.commands import (
    CloseIteration,
    CommitIteration,
    EstimateItem,
    PlanIteration,
    ProposeScope,
)
from tests.given import MONDAY, Team

WEEK = timedelta(days=7)


def plan(team: Team, week: int = 0, capacity: float = 10, name: str | None = None) -> str:
    team.app.decide(
        team.ben,
        PlanIteration(
            product_id=team.product_id,
            name=name or f"Week {week + 1}",
            starts_at=MONDAY + week * WEEK,
            ends_at=MONDAY + (week + 1) * WEEK,
            capacity_points=capacity,
        ),
    )
    return iteration_planned_last(team)


def iteration_planned_last(team: Team) -> str:
    return list(team.product.planned().iterations)[-1]


def estimated(team: Team, title: str, points: float) -> str:
    (item_id,) = team.propose(title)
    team.app.decide(team.ben, EstimateItem(item_id=item_id, points=points))
    return item_id


def committed(team: Team, iteration_id: str, *item_ids: str, overload: bool = False) -> None:
    team.app.decide(team.ana, ProposeScope(iteration_id=iteration_id, item_ids=list(item_ids)))
    team.app.decide(
        team.ben,
        CommitIteration(
            iteration_id=iteration_id,
            accept_overload=overload,
            rationale="We take it on" if overload else None,
        ),
    )


def close(team: Team, iteration_id: str) -> None:
    team.app.decide(team.ben, CloseIteration(iteration_id=iteration_id))
