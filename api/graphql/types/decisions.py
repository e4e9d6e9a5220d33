"""Recorded decisions, as the audit view shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from api.graphql.enums import Role
from api.graphql.types.audit_chain import DecisionChain
from api.graphql.types.causes import DecisionCauses
from api.graphql.types.members import Member, optional_member_field, read_members
from api.graphql.types.node import Connection, Edge, Info, Node, filled
from projections.rows import DecisionRow


@strawberry.type(description="One field a decision changed.")
class Change:
    field: str = strawberry.field(description="The field's name, e.g. rank, status.")
    before: str | None = strawberry.field(description="Its value before; null when unset.")
    after: str | None = strawberry.field(description="Its value after; null when unset.")


@strawberry.type(description="One recorded decision: a domain event as the audit view shows it.")
class Decision(Node, DecisionChain, DecisionCauses):
    position: int = strawberry.field(
        description="Position of the event in the product's event log order; strictly increasing."
    )
    at: datetime = strawberry.field(
        description="When it was recorded; never decreases as position increases."
    )
    role: Role | None = strawberry.field(
        description="The role the actor decided in; null when the administrator acted."
    )
    type: str = strawberry.field(
        description="The event's name, e.g. ItemPrioritized, EngineerAssigned."
    )
    subject_id: strawberry.ID = strawberry.field(
        description="Id of the product, item or member the decision is about."
    )
    rationale: str | None = strawberry.field(description="Why, in the decider's words.")
    summary: str = strawberry.field(
        description='One human-readable sentence, e.g. "Ana (Product Owner) moved '
        "'SSO login' from #5 to #1\"."
    )
    changes: list[Change] = strawberry.field(description="The fields it changed.")
    actor_id: strawberry.Private[str | None]

    @strawberry.field(
        description="Who decided; null when the administrator token acted "
        "(administration, not a member's decision)."
    )
    def actor(self, info: Info) -> Member | None:
        return optional_member_field(info, self.actor_id)

    @classmethod
    def from_row(cls, row: DecisionRow) -> Decision:
        return filled(
            cls,
            row,
            role=Role(row.role) if row.role else None,
            changes=[Change(field=c.field, before=c.before, after=c.after) for c in row.changes],
        )


@strawberry.type(description="A decision and its cursor.")
class DecisionEdge(Edge[Decision]):
    cursor: str = strawberry.field(description="Opaque, stable as new decisions arrive.")


@strawberry.type(description="A page of decisions, newest first.")
class DecisionConnection(Connection[DecisionEdge]):
    total_count: int = strawberry.field(description="Decisions matching the filter, in all.")


def history_field(description: str) -> Any:
    """A node's `history`: every decision whose subject is the node, oldest first (up to
    the instant the node was read asOf, its `as_of`)."""

    async def history(self: Any, info: Info) -> list[Decision]:
        rows = await info.context.loaders.history.load(str(self.id))
        shown = [r for r in rows if self.as_of is None or r.at <= self.as_of]
        await read_members(info, (r.actor_id for r in shown), "actor")
        return [Decision.from_row(r) for r in shown]

    return strawberry.field(resolver=history, description=description)
