"""Decisions about backlog items: proposing, ordering, refining, estimating, staffing
and moving them through their states."""

from __future__ import annotations

from domain import commands as c
from domain import product_events as ev
from domain.backlog_item import BacklogItem
from domain.errors import Conflict
from domain.event_fields import copied
from domain.handlers import By, decides
from domain.item_moves import MOVES, check_move
from domain.item_refinement import check_changes
from domain.product.state import ProductState, stored


class BacklogDecisions(ProductState):
    @decides(c.ProposeItem)
    def propose_item(self, by: By, cmd: c.ProposeItem) -> str:
        return self.introduce_item(ev.ItemProposed, by, cmd)

    @decides(c.PrioritizeItem)
    def prioritize_item(self, by: By, cmd: c.PrioritizeItem) -> None:
        item = self.item(cmd.item_id)
        self.check_expected(cmd.expected_version, self.backlog_version, "the backlog")
        current = self.rank_of(cmd.item_id)
        if current is None:
            raise Conflict(
                f"{item.status.article} {item.status.value} item has no rank to change: "
                "only items still in the backlog can be prioritized"
            )
        target = min(cmd.rank, len(self.order))
        self.record(
            ev.ItemPrioritized,
            by,
            cmd,
            from_rank=current,
            to_rank=target,
        )

    @decides(c.RefineItem)
    def refine_item(self, by: By, cmd: c.RefineItem) -> None:
        item = self.open_item(cmd.item_id, cmd.expected_version)
        after = BacklogItem(**{**item.__dict__})
        if cmd.description is not None:
            after.description = cmd.description
        if cmd.acceptance_criteria is not None:
            after.acceptance_criteria = cmd.acceptance_criteria
        after.title = cmd.title or item.title
        after.kind = cmd.kind or item.kind
        check_changes(item, after)
        self.record_edit(
            ev.ItemRefined,
            by,
            cmd,
            item,
            after,
            title="title",
            kind="kind",
            description="description",
            criteria="acceptance_criteria",
        )

    @decides(c.EstimateItem)
    def estimate_item(self, by: By, cmd: c.EstimateItem) -> None:
        item = self.open_item(cmd.item_id, cmd.expected_version)
        after = BacklogItem(**{**item.__dict__, "estimate": cmd.points})
        self.record_edit(ev.ItemEstimated, by, cmd, item, after, points="estimate")

    def record_edit(
        self,
        event: type[ev.ItemDecision],
        by: By,
        cmd: c.ItemDecision,
        item: BacklogItem,
        after: BacklogItem,
        **edited: str,
    ) -> None:
        """Records an edit of the item's attributes, which may change its readiness:
        `<name>_before` and `<name>_after` for each event field name and the attribute
        it holds, then the status before and after."""
        after.status = after.readiness()
        values = {
            f"{name}_{when}": stored(copied(getattr(state, attribute)))
            for name, attribute in {**edited, "status": "status"}.items()
            for when, state in (("before", item), ("after", after))
        }
        self.record(event, by, cmd, **values)

    @decides(c.AssignEngineer)
    def assign_engineer(self, by: By, cmd: c.AssignEngineer) -> None:
        item = self.open_item(cmd.item_id, None)
        self.check_member_has_role(cmd.member_id)
        self.record(
            ev.EngineerAssigned, by, cmd, percent_before=item.assignments.get(cmd.member_id)
        )

    @decides(c.UnassignEngineer)
    def unassign_engineer(self, by: By, cmd: c.UnassignEngineer) -> None:
        item = self.item(cmd.item_id)
        if cmd.member_id not in item.assignments:
            raise Conflict("the member is not assigned to this item")
        self.record(
            ev.EngineerUnassigned,
            by,
            cmd,
            percent_before=item.assignments[cmd.member_id],
        )

    @decides(*MOVES)
    def move_item(self, by: By, cmd: c.MoveItem) -> None:
        """The status decisions: start, complete, accept, drop."""
        item = self.item(cmd.item_id)
        self.check_expected(cmd.expected_version, item.version, "the item")
        event, target = check_move(cmd, item.status)
        self.record(
            event,
            by,
            cmd,
            status_before=item.status.value,
            status_after=target.value,
            rank_before=self.rank_of(cmd.item_id),
        )
