"""The integrity area's decisions: an item scored, with its inputs and formula."""

from __future__ import annotations

from domain.backlog_item import BacklogItem
from domain.product_events import ItemDecision


class ItemScored(ItemDecision):
    """A score with the inputs it was computed from, frozen as they were."""

    model: str
    inputs: dict[str, float]
    value: float
    formula_version: str
    value_before: float | None

    def change(self, product: object, item: BacklogItem) -> None:
        scores = product.__dict__.setdefault("item_scores", {})
        scores[self.item_id] = self.value
