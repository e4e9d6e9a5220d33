"""What changed between two instants, for a team's retrospective."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.graphql.enums import Role
from api.graphql.types import retrospective_extras as extras
from api.graphql.types.governed import GovernedRetrospective
from api.graphql.types.item_planning import RetrospectivePlanningFields
from api.graphql.types.items import BacklogItem
from projections.rows import ItemRow
from projections.time_travel.retrospective import RetrospectiveReport


@strawberry.type(description="An item whose rank differs between two instants.")
class RankChange:
    from_rank: int | None = strawberry.field(
        description="Rank at `from`; null if the item was not ranked then (absent, accepted "
        "or dropped)."
    )
    to_rank: int | None = strawberry.field(
        description="Rank at `to`; null if the item was not ranked then."
    )
    row: strawberry.Private[ItemRow]
    to: strawberry.Private[datetime]

    @strawberry.field(description="The item, as it stood at `to`.")
    def item(self) -> BacklogItem:
        return BacklogItem.from_row(self.row, self.to)


@strawberry.type(description="How many decisions were made in one role.")
class RoleCount:
    role: Role
    count: int


@strawberry.type(description="What changed in a product between two instants.")
class Retrospective(GovernedRetrospective, RetrospectivePlanningFields):
    from_: datetime = strawberry.field(name="from", description="Start of the window, exclusive.")
    to: datetime = strawberry.field(description="End of the window, inclusive.")
    decision_count: int = strawberry.field(
        description="Number of decisions recorded in the window (from, to]: after `from`, at "
        "or before `to`. fromRank and toRank are the ranks asOf `from` and asOf `to`."
    )
    decisions_by_role: list[RoleCount] = strawberry.field(
        description="Decisions in the window by the role they were made in."
    )
    rank_changes: list[RankChange] = strawberry.field(
        description="Items whose rank differs between `from` and `to`, by toRank, then unranked."
    )
    churn: list[extras.ItemChurn] = strawberry.field(
        description="Items reprioritized in the window: how often, by whom, why."
    )
    estimate_changes: list[extras.EstimateChange] = strawberry.field(
        description="Items estimated in the window: first and last estimate."
    )
    started_not_completed: list[BacklogItem] = strawberry.field(
        description="Items started but not completed by the end of the window."
    )
    cycle_times: list[extras.CycleTime] = strawberry.field(
        description="Items accepted in the window: time from READY to ACCEPTED."
    )
    accepted: list[BacklogItem] = strawberry.field(
        description="Items that reached ACCEPTED in (from, to]."
    )

    @classmethod
    def from_report(cls, report: RetrospectiveReport) -> Retrospective:
        return cls(
            from_=report.from_,
            to=report.to,
            decision_count=report.decision_count,
            decisions_by_role=[
                RoleCount(role=Role(role), count=count) for role, count in report.by_role if role
            ],
            rank_changes=[
                RankChange(from_rank=c.from_rank, to_rank=c.to_rank, row=c.item, to=report.to)
                for c in report.rank_changes
            ],
            churn=extras.churn(report, report.to),
            estimate_changes=extras.estimate_changes(report, report.to),
            started_not_completed=extras.started_not_completed(report, report.to),
            cycle_times=extras.cycle_times(report, report.to),
            accepted=[BacklogItem.from_row(row, report.to) for row in report.accepted],
        )
