"""The contract's enums, as GraphQL types of their own (the domain keeps its vocabulary)."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="What a member may decide or read on a product.")
class Role(Enum):
    PRODUCT_OWNER = "PRODUCT_OWNER"
    ENGINEERING_MANAGER = "ENGINEERING_MANAGER"
    ENGINEER = "ENGINEER"
    STAKEHOLDER = "STAKEHOLDER"


@strawberry.enum(description="The nature of a backlog item.")
class ItemKind(Enum):
    FEATURE = "FEATURE"
    IMPROVEMENT = "IMPROVEMENT"
    BUG = "BUG"
    TECH_DEBT = "TECH_DEBT"
    SPIKE = "SPIKE"


@strawberry.enum(
    description="PROPOSED -> READY (refined and estimated) -> IN_PROGRESS -> DONE -> ACCEPTED; "
    "DROPPED from any state before ACCEPTED."
)
class ItemStatus(Enum):
    PROPOSED = "PROPOSED"
    READY = "READY"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    ACCEPTED = "ACCEPTED"
    DROPPED = "DROPPED"


@strawberry.enum(description="Where a product goal stands.")
class GoalStatus(Enum):
    ACTIVE = "ACTIVE"
    ACHIEVED = "ACHIEVED"
    ABANDONED = "ABANDONED"
