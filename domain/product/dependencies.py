"""Dependencies between items, blocked items and the per-engineer WIP limit."""

from __future__ import annotations

from domain import commands as c
from domain import planning_events as ev
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.handlers import By, decides
from domain.product.planning_state import PlanningState
from domain.vocabulary import Role


class DependencyDecisions(PlanningState):
    @decides(c.AddDependency)
    def add_dependency(self, by: By, cmd: c.AddDependency) -> None:
        self.open_item(cmd.item_id, None)
        self.check_prerequisite(cmd)
        if cmd.depends_on_id in self.planned().depends_on.get(cmd.item_id, []):
            raise Conflict(
                f"{self.title_of(cmd.item_id)} already depends on "
                f"{self.title_of(cmd.depends_on_id)}"
            )
        back = self.planned().path(cmd.depends_on_id, cmd.item_id)
        if back is not None:
            cycle = " -> ".join(self.title_of(i) for i in [cmd.item_id, *back])
            raise Conflict(f"the dependency would make a cycle: {cycle}")
        self.record(ev.DependencyAdded, by, cmd)

    @decides(c.RemoveDependency)
    def remove_dependency(self, by: By, cmd: c.RemoveDependency) -> None:
        self.item(cmd.item_id)
        self.check_prerequisite(cmd)
        if cmd.depends_on_id not in self.planned().depends_on.get(cmd.item_id, []):
            raise Conflict(
                f"{self.title_of(cmd.item_id)} does not depend on "
                f"{self.title_of(cmd.depends_on_id)}"
            )
        self.record(ev.DependencyRemoved, by, cmd)

    def check_prerequisite(self, cmd: c.DependencyCommand) -> None:
        if cmd.depends_on_id == cmd.item_id:
            raise InvalidInput("an item cannot depend on itself")
        if cmd.depends_on_id not in self.items:
            raise InvalidInput(f"item {cmd.depends_on_id} is not an item of this product")

    @decides(c.BlockItem)
    def block_item(self, by: By, cmd: c.BlockItem) -> None:
        self.check_may_block(by, cmd.item_id)
        self.open_item(cmd.item_id, None)
        if cmd.item_id in self.planned().blocked:
            raise Conflict(f"{self.title_of(cmd.item_id)} is blocked already")
        self.record(ev.ItemBlocked, by, cmd)

    @decides(c.UnblockItem)
    def unblock_item(self, by: By, cmd: c.UnblockItem) -> None:
        self.check_may_block(by, cmd.item_id)
        self.open_item(cmd.item_id, cmd.expected_version)
        reason = self.planned().blocked.get(cmd.item_id)
        if reason is None:
            raise Conflict(f"{self.title_of(cmd.item_id)} is not blocked")
        self.record(ev.ItemUnblocked, by, cmd, reason_before=reason)

    def check_may_block(self, by: By, item_id: str) -> None:
        """An ENGINEER may block or unblock only the items they are assigned to."""
        if by.role is Role.ENGINEER and by.actor_id not in self.item(item_id).assignments:
            raise Forbidden("only the Engineering Manager or an engineer assigned to the item")

    @decides(c.SetWipLimit)
    def set_wip_limit(self, by: By, cmd: c.SetWipLimit) -> None:
        self.record(
            ev.WipLimitSet, by, cmd, before=self.planned().wip_limit, after=cmd.per_engineer
        )
