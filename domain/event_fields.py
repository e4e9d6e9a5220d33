"""How a decision event's fields reach the state it evolves, said once rather than
field by field in every evolve(): copied under the same names into what the event
creates (an iteration, a risk, a people note), or, for a decision whose whole effect is to
set one attribute of what it is about, that attribute set to the value after.

Lists are copied, so that the state never shares a list with the event it came from."""

from __future__ import annotations

from dataclasses import fields
from typing import Any


def same_named(source: object, *names: str) -> dict[str, Any]:
    """`source`'s values of these names, for what keeps them under the same names."""
    return {name: copied(getattr(source, name)) for name in names}


def declared_beyond(kind: type[Any], base: type[Any]) -> tuple[str, ...]:
    """The fields of the dataclass `kind` beyond those of its base `base`."""
    inherited = {f.name for f in fields(base)}
    return tuple(f.name for f in fields(kind) if f.name not in inherited)


def set_after(event: Any, subject: Any) -> None:
    """Sets the attribute the event's `sets` names on `subject` (the product, or the
    item, goal or iteration the event's base finds) to the value after; a decision
    that declares no `sets` evolves the state itself."""
    if event.sets is None:
        raise NotImplementedError(f"{type(event).__name__} declares neither sets nor evolve")
    attribute, after = event.sets
    setattr(subject, attribute, copied(getattr(event, after)))


def copied(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value
