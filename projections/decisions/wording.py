"""How a decision reads in the audit trail: each event class has one sentence function,
registered with `@sentence(EventClass)` in the module of its area
(projections/decisions/sentences/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from domain.product import Product

Changes = list[tuple[str, Any, Any]]
"""(field, before, after) for every field a decision changed."""
Sentence = Callable[[Any, "Wording"], tuple[str, Changes]]
S = TypeVar("S", bound=Sentence)
SENTENCES: dict[type[Any], Sentence] = {}


@dataclass(frozen=True)
class Wording:
    """What a sentence may name: the product just before the decision, and members."""

    event: Any
    before: Product | None
    name_of: Callable[[str | None], str]

    @property
    def title(self) -> str:
        """The quoted title of the item the decision is about, as it was before it."""
        item_id = getattr(self.event, "item_id", None)
        if self.before is not None and item_id in self.before.items:
            return f"'{self.before.items[item_id].title}'"
        return ""

    def name(self, member_id: str | None) -> str:
        return self.name_of(member_id)


def sentence(*event_types: type[Any]) -> Callable[[S], S]:
    """Registers the sentence of these event classes (and of their subclasses)."""

    def register(function: S) -> S:
        for event_type in event_types:
            SENTENCES[event_type] = function
        return function

    return register


def status_moved(event_type: type[Any], says: Callable[[Any, Wording], str]) -> None:
    """Registers the sentence of a decision that changes only a status: what `says`
    says, and the status before and after."""

    def moved(e: Any, w: Wording) -> tuple[str, Changes]:
        return says(e, w), [("status", e.status_before, e.status_after)]

    sentence(event_type)(moved)


def describe(
    event: Any, before: Product | None, name_of: Callable[[str | None], str]
) -> tuple[str, Changes]:
    """The sentence after the actor, and the field changes, for one decision."""
    function = _FOUND.get(type(event))
    if function is None:
        for kind in type(event).__mro__:
            if kind in SENTENCES:
                function = _FOUND[type(event)] = SENTENCES[kind]
                break
        else:
            raise TypeError(f"no audit description for {type(event).__name__}")
    return function(event, Wording(event, before, name_of))


_FOUND: dict[type[Any], Sentence] = {}
"""The sentence of each event class met, found along its MRO once."""


def text(value: Any) -> str | None:
    """A value as the audit trail shows it: lists as JSON, whole numbers without '.0'."""
    if value is None:
        return None
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def created(**after: Any) -> Changes:
    """The changes of a decision that creates something: each field from nothing."""
    return [(name, None, value) for name, value in after.items()]


def changed(changes: Changes) -> Changes:
    """Only the fields whose value really changed."""
    return [c for c in changes if c[1] != c[2]]


def changed_fields(e: Any, *names: str, **labels: str) -> Changes:
    """The `changed` fields among `names`, each read from the event's `<name>_before` and
    `<name>_after` and shown under its camelCase name (or the one `labels` gives it)."""
    return changed(
        [
            (
                labels.get(name, _camel(name)),
                getattr(e, f"{name}_before"),
                getattr(e, f"{name}_after"),
            )
            for name in names
        ]
    )


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)
