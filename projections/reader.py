"""The one object the API reads the views through. One instance per event loop; its
queries live beside each view (backlog/, allocation/, decisions/ queries.py)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from projections.adrs.queries import AdrQueries
from projections.allocation.queries import AllocationQueries
from projections.audit_chain.queries import ChainQueries
from projections.backlog.queries import BacklogQueries
from projections.catalog import VIEW_NAMES
from projections.causes.queries import CauseQueries
from projections.decisions.queries import DecisionQueries
from projections.engine.drivers import Driver, marks
from projections.engine.view_store import tracking_name
from projections.lifecycle.queries import LifecycleQueries
from projections.members.queries import MemberDirectoryQueries
from projections.people_records.queries import PeopleRecordQueries
from projections.planning.queries import PlanningQueries
from projections.positions.queries import PositionQueries
from projections.risks.queries import RiskQueries
from projections.scores.queries import ScoreQueries
from projections.updates.queries import UpdateQueries
from projections.webhooks.queries import WebhookQueries


class ViewReader(
    BacklogQueries,
    AllocationQueries,
    DecisionQueries,
    UpdateQueries,
    WebhookQueries,
    RiskQueries,
    AdrQueries,
    ChainQueries,
    CauseQueries,
    ScoreQueries,
    PlanningQueries,
    PositionQueries,
    PeopleRecordQueries,
    MemberDirectoryQueries,
    LifecycleQueries,
):
    """Reads the views; what the GraphQL layer serves from."""

    def __init__(self, driver: Driver, tracking_table: str = "tracking") -> None:
        self.driver = driver
        self.tracking_table = tracking_table

    @property
    def queries(self) -> int:
        """SQL statements run so far (the N+1 tests count these)."""
        return self.driver.queries

    @property
    def round_trips(self) -> int:
        """Round trips to the database so far: statements, and a snapshot's BEGIN and
        ROLLBACK (the query-count tests pin these per request)."""
        return self.driver.round_trips

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        """Reads inside the block (in this task and the tasks it starts) share one
        connection and one snapshot: one read transaction for a whole GraphQL query."""
        return self.driver.snapshot()

    async def close(self) -> None:
        await self.driver.close()

    async def positions(self) -> dict[str, int]:
        """Each view's tracked position (read-your-writes waits on these)."""
        names = [tracking_name(view) for view in VIEW_NAMES]
        rows = await self.driver.fetch(
            "SELECT application_name, notification_id FROM "
            f"{self.tracking_table} WHERE application_name IN ({marks(names)})",
            names,
        )
        found = {name: pos for name, pos in rows}
        return {view: int(found.get(tracking_name(view)) or 0) for view in VIEW_NAMES}

    async def faults(self) -> dict[str, tuple[int, str]]:
        rows = await self.driver.fetch("SELECT view, position, error FROM projection_faults")
        return {v: (p, e) for v, p, e in rows}

    async def kind_of(self, node_id: str) -> str | None:
        """Which type an id names (for node(id:)); None when nothing has it."""
        for kind, sql in (
            ("Product", "SELECT 1 FROM backlog_products WHERE product_id = ?"),
            ("BacklogItem", "SELECT 1 FROM backlog_items WHERE item_id = ?"),
            ("Member", "SELECT 1 FROM backlog_members WHERE member_id = ?"),
            ("Decision", "SELECT 1 FROM decisions WHERE decision_id = ?"),
            ("Iteration", "SELECT 1 FROM planning_iterations WHERE iteration_id = ?"),
            ("Position", "SELECT 1 FROM positions WHERE position_id = ?"),
            ("PeopleRecord", "SELECT 1 FROM people_records WHERE record_id = ?"),
            ("Risk", "SELECT 1 FROM risks WHERE risk_id = ?"),
            ("ArchitectureDecision", "SELECT 1 FROM adrs WHERE adr_id = ?"),
            ("StakeholderUpdate", "SELECT 1 FROM stakeholder_updates WHERE update_id = ?"),
            ("Webhook", "SELECT 1 FROM webhooks WHERE webhook_id = ?"),
        ):
            if await self.driver.fetch(sql, (node_id,)):
                return kind
        return None
