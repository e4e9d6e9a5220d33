"""The product's vocabulary: roles, item kinds and statuses."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PRODUCT_OWNER = "PRODUCT_OWNER"
    ENGINEERING_MANAGER = "ENGINEERING_MANAGER"
    ENGINEER = "ENGINEER"
    STAKEHOLDER = "STAKEHOLDER"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").title()


class ItemKind(StrEnum):
    FEATURE = "FEATURE"
    IMPROVEMENT = "IMPROVEMENT"
    BUG = "BUG"
    TECH_DEBT = "TECH_DEBT"
    SPIKE = "SPIKE"


class ItemStatus(StrEnum):
    PROPOSED = "PROPOSED"
    READY = "READY"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    ACCEPTED = "ACCEPTED"
    DROPPED = "DROPPED"

    @property
    def article(self) -> str:
        """ "a" or "an", as the status is read aloud: "an IN_PROGRESS item"."""
        return "an" if self.value[0] in "AEIOU" else "a"

    @property
    def is_ranked(self) -> bool:
        """Accepted and dropped items leave the backlog order."""
        return self not in (ItemStatus.ACCEPTED, ItemStatus.DROPPED)

    @property
    def is_active_work(self) -> bool:
        """Assignments on these items count towards a member's allocation."""
        return self in (ItemStatus.PROPOSED, ItemStatus.READY, ItemStatus.IN_PROGRESS)


class GoalStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ACHIEVED = "ACHIEVED"
    ABANDONED = "ABANDONED"
