"""Decisions of the integrity area on the product: scoring an item."""

from __future__ import annotations

from domain import commands as c
from domain.handlers import By, decides
from domain.integrity_events import ItemScored
from domain.product.state import ProductState


class IntegrityDecisions(ProductState):
    @decides(c.ScoreItem)
    def score_item(self, by: By, cmd: c.ScoreItem) -> None:
        """Records ItemScored: the model, its inputs, the value and the formula version."""
        self.open_item(cmd.item_id, cmd.expected_version)
        scores: dict[str, float] = self.__dict__.get("item_scores", {})
        self.record(
            ItemScored,
            by,
            cmd,
            model=cmd.score.model,
            inputs=dict(cmd.score.inputs),
            value=cmd.score.value(),
            formula_version=cmd.score.formula_version,
            value_before=scores.get(cmd.item_id),
        )
