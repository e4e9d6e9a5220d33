"""The everyday lifecycle's decisions: revoking roles, revising and closing goals,
linking items to goals, rejecting and restoring items, stakeholders' requests."""

from __future__ import annotations

from domain import commands as c
from domain import lifecycle_events as ev
from domain.backlog_item import BacklogItem, Goal
from domain.commands.fields import Kept
from domain.errors import Conflict, InvalidInput, NotFound
from domain.handlers import By, decides
from domain.product.state import ProductState
from domain.vocabulary import ItemStatus, Role


class LifecycleDecisions(ProductState):
    @decides(c.RevokeRole)
    def revoke_role(self, by: By, cmd: c.RevokeRole) -> None:
        """Records RoleRevoked; a role not held records nothing."""
        role = cmd.role.value
        if role not in self.roles.get(cmd.member_id, []):
            return
        owners = [m for m, held in self.roles.items() if Role.PRODUCT_OWNER.value in held]
        if cmd.role is Role.PRODUCT_OWNER and owners == [cmd.member_id]:
            raise Conflict(
                "the product's last Product Owner cannot be revoked: grant another first"
            )
        self.record(ev.RoleRevoked, by, cmd, revoked=role)

    def goal(self, goal_id: str, expected_version: int | None) -> Goal:
        found = next((g for g in self.goals if g.id == goal_id), None)
        if found is None:
            raise NotFound(f"no goal {goal_id} on this product")
        self.check_expected(expected_version, found.version, "the goal")
        return found

    @decides(c.ReviseGoal)
    def revise_goal(self, by: By, cmd: c.ReviseGoal) -> None:
        goal = self.goal(cmd.goal_id, cmd.expected_version)
        title = goal.title if isinstance(cmd.title, Kept) or cmd.title is None else cmd.title
        metric = goal.metric if isinstance(cmd.metric, Kept) else cmd.metric
        if isinstance(cmd.target_date, Kept):
            target = goal.target_date
        else:
            target = cmd.target_date.isoformat() if cmd.target_date else None
        if (title, metric, target) == (goal.title, goal.metric, goal.target_date):
            raise InvalidInput("the revision changes nothing: give a new title, metric or date")
        self.record(
            ev.GoalRevised,
            by,
            cmd,
            title_before=goal.title,
            title_after=title,
            metric_before=goal.metric,
            metric_after=metric,
            target_date_before=goal.target_date,
            target_date_after=target,
        )

    @decides(c.ChangeGoalStatus)
    def change_goal_status(self, by: By, cmd: c.ChangeGoalStatus) -> None:
        goal = self.goal(cmd.goal_id, cmd.expected_version)
        if goal.status == cmd.status.value:
            raise Conflict(f"the goal is {goal.status} already")
        self.record(
            ev.GoalStatusChanged, by, cmd, status_before=goal.status, status_after=cmd.status.value
        )

    @decides(c.SetItemGoals)
    def set_item_goals(self, by: By, cmd: c.SetItemGoals) -> None:
        item = self.item(cmd.item_id)
        self.check_expected(cmd.expected_version, item.version, "the item")
        ours = {g.id for g in self.goals}
        foreign = [g for g in cmd.goal_ids if g not in ours]
        if foreign:
            raise InvalidInput(f"goal {foreign[0]} is not a goal of this item's product")
        self.record(
            ev.ItemGoalsSet, by, cmd, goals_before=list(item.goal_ids), goals_after=cmd.goal_ids
        )

    def item_to_move(self, cmd: c.MoveItem, only: ItemStatus, moved: str) -> BacklogItem:
        """The item at the expected version, if it has the one status the move leaves."""
        item = self.item(cmd.item_id)
        self.check_expected(cmd.expected_version, item.version, "the item")
        if item.status is not only:
            raise Conflict(
                f"{item.status.article} {item.status.value} item cannot be {moved}: "
                f"only a {only.value} item can"
            )
        return item

    @decides(c.RejectItem)
    def reject_item(self, by: By, cmd: c.RejectItem) -> None:
        item = self.item_to_move(cmd, ItemStatus.DONE, "rejected")
        self.record(
            ev.ItemRejected,
            by,
            cmd,
            status_before=item.status.value,
            status_after=ItemStatus.IN_PROGRESS.value,
            rank_before=self.rank_of(cmd.item_id),
        )

    @decides(c.RestoreItem)
    def restore_item(self, by: By, cmd: c.RestoreItem) -> None:
        item = self.item_to_move(cmd, ItemStatus.DROPPED, "restored")
        ready = bool(item.acceptance_criteria) and item.estimate is not None
        self.record(
            ev.ItemRestored,
            by,
            cmd,
            status_before=item.status.value,
            status_after=(ItemStatus.READY if ready else ItemStatus.PROPOSED).value,
            rank_after=len(self.order) + 1,
        )

    @decides(c.RequestItem)
    def request_item(self, by: By, cmd: c.RequestItem) -> str:
        return self.introduce_item(ev.ItemRequested, by, cmd)
