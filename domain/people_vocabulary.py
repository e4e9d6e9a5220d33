"""The people area's vocabulary: a position's status and the kinds of people record."""

from __future__ import annotations

from enum import StrEnum


class PositionStatus(StrEnum):
    OPEN = "OPEN"
    FILLED = "FILLED"
    CANCELLED = "CANCELLED"


class PeopleNoteKind(StrEnum):
    REVIEW = "REVIEW"
    TRAINING_PLAN = "TRAINING_PLAN"
    TRAINING_COMPLETED = "TRAINING_COMPLETED"
    ONE_ON_ONE = "ONE_ON_ONE"
