"""Decisions of the integrity area: scoring an item with a versioned formula."""

from __future__ import annotations

from typing import Annotated

from domain.commands.base import ItemCommand
from domain.commands.fields import Rationale
from domain.scoring import ScoreSpec, check_score

Score = Annotated[ScoreSpec, check_score]


class ScoreItem(ItemCommand):
    score: Score
    rationale: Rationale = None
    expected_version: int | None = None
    """The item's version the score was based on."""
