"""The people area's enums: the domain's vocabulary, described for the schema."""

from __future__ import annotations

import strawberry

from domain.people_vocabulary import PeopleNoteKind, PositionStatus

strawberry.enum(PositionStatus, description="OPEN -> FILLED or CANCELLED.")
strawberry.enum(PeopleNoteKind, description="What a people record is about.")

__all__ = ["PeopleNoteKind", "PositionStatus"]
