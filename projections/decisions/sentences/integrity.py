"""Sentences of the integrity area's decisions."""

from __future__ import annotations

from domain.integrity_events import ItemScored
from projections.decisions.wording import Changes, Wording, sentence, text


@sentence(ItemScored)
def item_scored(e: ItemScored, w: Wording) -> tuple[str, Changes]:
    inputs = ", ".join(f"{name} {text(value)}" for name, value in e.inputs.items())
    return f"scored {w.title} {text(e.value)} by {e.formula_version} ({inputs})", [
        ("score", e.value_before, e.value)
    ]
