"""Risks and architecture decisions: current ones from their views, past ones (asOf)
from time travel. A record read asOf an instant shows its items and history as
they stood then."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry

from api.graphql.governance_enums import ArchitectureDecisionStatus, RiskKind, RiskStatus
from api.graphql.types.decisions import history_field
from api.graphql.types.iterations import items_field
from api.graphql.types.members import Member, load_member
from api.graphql.types.node import Info, Node, version_field
from api.graphql.types.recorded import Recorded
from projections.adrs.render import AdrRow
from projections.risks.render import RiskRow


@strawberry.type(description="A risk or opportunity of a product, as the PO assesses it.")
class Risk(Node, Recorded[RiskRow]):
    number: int = strawberry.field(description="1, 2, ... per product, shared with opportunities.")
    kind: RiskKind = strawberry.field(description="A risk, or an opportunity.")
    title: str
    description: str = strawberry.field(description="What could happen, and why.")
    likelihood: int = strawberry.field(description="1 (rare) to 5 (almost certain).")
    impact: int = strawberry.field(description="1 (negligible) to 5 (severe).")
    exposure: int = strawberry.field(description="likelihood x impact, 1 to 25.")
    status: RiskStatus
    version: int = version_field("risk")

    @classmethod
    def converted(cls, row: RiskRow) -> dict[str, Any]:
        return {"kind": RiskKind(row.kind), "status": RiskStatus(row.status)}

    @strawberry.field(description="Who raised it; null if they were erased.")
    async def raised_by(self, info: Info) -> Member | None:
        return await load_member(info, self.row.raised_by)

    items = items_field("item_ids", "The backlog items it concerns.")
    history = history_field("Every decision about this risk, oldest first.")


@strawberry.type(description="An architecture decision record, kept by the EM.")
class ArchitectureDecision(Node, Recorded[AdrRow]):
    number: int = strawberry.field(description="1, 2, ... per product.")
    title: str
    context: str = strawberry.field(description="The forces at play.")
    decision: str = strawberry.field(description="What was decided.")
    consequences: str = strawberry.field(description="What becomes easier or harder.")
    status: ArchitectureDecisionStatus
    version: int = version_field("record")
    siblings: strawberry.Private[Mapping[str, AdrRow]]
    """The product's other records, as read with this one (adr_list)."""

    @classmethod
    def converted(cls, row: AdrRow) -> dict[str, Any]:
        return {"status": ArchitectureDecisionStatus(row.status)}

    async def _other(self, info: Info, adr_id: str | None) -> ArchitectureDecision | None:
        if adr_id is None:
            return None
        row = self.siblings.get(adr_id)
        if row is None:
            found = await info.context.services.reader.architecture_decisions_by_id([adr_id])
            row = found.get(adr_id)
        return (
            None
            if row is None
            else ArchitectureDecision.from_row(row, self.as_of, siblings=self.siblings)
        )

    @strawberry.field(description="The accepted decision this one replaces, if any.")
    async def supersedes(self, info: Info) -> ArchitectureDecision | None:
        return await self._other(info, self.row.supersedes_id)

    @strawberry.field(description="The decision that replaced this one, once SUPERSEDED.")
    async def superseded_by(self, info: Info) -> ArchitectureDecision | None:
        return await self._other(info, self.row.superseded_by_id)

    @strawberry.field(description="Who proposed it; null if they were erased.")
    async def proposed_by(self, info: Info) -> Member | None:
        return await load_member(info, self.row.proposed_by)

    items = items_field("item_ids", "The backlog items it concerns.")
    history = history_field("Every decision about this record, oldest first.")


def adr_list(rows: list[AdrRow], as_of: datetime | None = None) -> list[ArchitectureDecision]:
    siblings = {row.id: row for row in rows}
    return [ArchitectureDecision.from_row(row, as_of, siblings=siblings) for row in rows]
