"""Decisions of the integrity area: scoring an item with a versioned formula."""

from __future__ import annotations

from typing import Annotated

from domain.commands.base import ItemDecision
from domain.scoring import ScoreSpec, check_score

Score = Annotated[ScoreSpec, check_score]


class ScoreItem(ItemDecision):
    score: Score
