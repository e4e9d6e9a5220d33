"""The scoring models behind priorities, each formula versioned: a version never
changes meaning, a new formula gets a new version.

WSJF-1 = (businessValue + timeCriticality + riskReduction) / jobSize, every input > 0.
RICE-1 = reach * impact * confidence / effort, reach >= 0, impact > 0,
         0 < confidence <= 1, effort > 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput

MODELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "WSJF": ("WSJF-1", ("businessValue", "timeCriticality", "riskReduction", "jobSize")),
    "RICE": ("RICE-1", ("reach", "impact", "confidence", "effort")),
}
"""Each model's current formula version and its inputs, in the contract's names."""
INPUTS = tuple(name for _, names in MODELS.values() for name in names)


@dataclass(frozen=True)
class ScoreSpec:
    """A model and the inputs given for it (checked: exactly the model's inputs)."""

    model: str
    inputs: tuple[tuple[str, float], ...]

    def value(self) -> float:
        given = dict(self.inputs)
        if self.model == "WSJF":
            cost = given["businessValue"] + given["timeCriticality"] + given["riskReduction"]
            return cost / given["jobSize"]
        return given["reach"] * given["impact"] * given["confidence"] / given["effort"]

    @property
    def formula_version(self) -> str:
        return MODELS[self.model][0]


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def check_score(value: Any) -> ScoreSpec:
    """A ScoreInput (or a mapping of its fields) as a checked ScoreSpec."""
    if isinstance(value, ScoreSpec):
        return check_score({"model": value.model, **dict(value.inputs)})

    def read(key: str) -> Any:
        if isinstance(value, Mapping):
            return value.get(key)
        return getattr(value, key, None)

    model = read("model")
    model = getattr(model, "value", model)
    if model not in MODELS:
        raise InvalidInput(f"score.model must be one of {', '.join(MODELS)}")
    wanted = MODELS[model][1]
    given: dict[str, float] = {}
    for name in INPUTS:
        raw = read(_snake(name))
        if raw is None and isinstance(value, Mapping):
            raw = value.get(name)
        if raw is None:
            continue
        if name not in wanted:
            raise InvalidInput(f"{model} does not use {name}")
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise InvalidInput(f"{name} must be a finite number")
        given[name] = float(raw)
    missing = [name for name in wanted if name not in given]
    if missing:
        raise InvalidInput(f"{model} needs {', '.join(missing)}")
    _check_ranges(model, given)
    return ScoreSpec(model, tuple((name, given[name]) for name in wanted))


def _check_ranges(model: str, given: dict[str, float]) -> None:
    if model == "WSJF":
        for name, number in given.items():
            if number <= 0:
                raise InvalidInput(f"{name} must be greater than 0")
        return
    if given["reach"] < 0:
        raise InvalidInput("reach must be at least 0")
    for name in ("impact", "effort"):
        if given[name] <= 0:
            raise InvalidInput(f"{name} must be greater than 0")
    if not 0 < given["confidence"] <= 1:
        raise InvalidInput("confidence must be greater than 0 and at most 1")
