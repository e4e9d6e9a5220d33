"""The contract's enums: the domain's own vocabulary, described for the schema
(strawberry.enum marks the classes in place)."""

from __future__ import annotations

import strawberry

from domain.vocabulary import GoalStatus, ItemKind, ItemStatus, Role

strawberry.enum(Role, description="What a member may decide or read on a product.")
strawberry.enum(ItemKind, description="The nature of a backlog item.")
strawberry.enum(
    ItemStatus,
    description="PROPOSED -> READY (refined and estimated) -> IN_PROGRESS -> DONE -> ACCEPTED; "
    "DROPPED from any state before ACCEPTED.",
)
strawberry.enum(GoalStatus, description="Where a product goal stands.")

__all__ = ["GoalStatus", "ItemKind", "ItemStatus", "Role"]
