"""Decisions about the product and its people: roles, vision, goals, capacity."""

from __future__ import annotations

from domain import commands as c
from domain import product_events as ev
from domain.handlers import By, decides
from domain.product.state import ProductState


class TeamDecisions(ProductState):
    @decides(c.GrantRole)
    def grant_role(self, by: By, cmd: c.GrantRole) -> None:
        """Records RoleGranted; a role already held records nothing."""
        if cmd.role.value not in self.roles.get(cmd.member_id, []):
            self.record(ev.RoleGranted, by, cmd, granted=cmd.role.value)

    @decides(c.DefineVision)
    def define_vision(self, by: By, cmd: c.DefineVision) -> None:
        self.record(ev.VisionDefined, by, cmd, before=self.vision, after=cmd.vision)

    @decides(c.SetGoal)
    def set_goal(self, by: By, cmd: c.SetGoal) -> None:
        self.record_new(ev.GoalSet, by, cmd, "goal_id")

    @decides(c.SetCapacity)
    def set_capacity(self, by: By, cmd: c.SetCapacity) -> None:
        self.check_member_has_role(cmd.member_id)
        before = self.capacities.get(cmd.member_id, 100)
        self.record(
            ev.CapacitySet,
            by,
            cmd,
            before=before,
            after=cmd.percent,
        )
