"""A decision's GraphQL input, made from its command: the command declares the inputs
once (domain/commands/), and the input type the contract names follows from it.

Field by field, in the command's order with rationale and expectedVersion last: ids
(`*_id`, `*_ids`) become ID, the domain's enums are the schema's, a field without a
default is required (non-null), one with a default keeps it (KEEP, "left out", becomes
UNSET), and idempotencyKey comes last. decision() adds causedBy to every input that has
a product to be caused on (caused_by.py)."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Sequence
from typing import Any, Union

import strawberry

from domain.commands import (
    Command,
    GoalCommand,
    ItemCommand,
    ItemDecision,
    IterationCommand,
    RecordCommand,
)
from domain.commands.fields import Kept

KEY = "Makes retries safe: the same key from the same caller records the decision once."
LEFT_OUT = ("caused_by",)
LAST = {"rationale": 1, "expected_version": 2}
"""The contract's order: what the decision is about and its inputs, then why, then the
version it was based on (a base command declares these before a subclass's fields)."""
SUBJECTS: tuple[tuple[type[Command], str], ...] = (
    (GoalCommand, "The goal's version the decision was based on."),
    (IterationCommand, "The iteration's version the decision was based on."),
    (RecordCommand, "The record's version the decision was based on (CONFLICT if it moved on)."),
    (ItemCommand, "The item's version the decision was based on."),
)
"""expectedVersion's description, by what the decision is about."""
_MADE: dict[str, tuple[type[Command], type[Any]]] = {}


def input_of(
    kind: type[Command],
    name: str | None = None,
    /,
    *,
    doc: str | None = None,
    key: bool = True,
    omit: Sequence[str] = (),
    types: dict[str, Any] | None = None,
    **described: str,
) -> type[Any]:
    """The input type of `kind`, named `name` (the command's name + "Input" by default).

    `omit` leaves out fields the API fills itself, `types` gives a field's GraphQL type
    where the command's is not one (a nested input), and `described` documents fields."""
    name = name or f"{kind.__name__}Input"
    if name in _MADE:
        made_from, made = _MADE[name]
        if made_from is not kind:
            raise TypeError(f"{name} is made from {made_from.__name__}, not {kind.__name__}")
        return made
    hints = typing.get_type_hints(kind)
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__}
    for field in sorted(dataclasses.fields(kind), key=lambda f: LAST.get(f.name, 0)):
        if field.name in LEFT_OUT or field.name in omit:
            continue
        required = field.default is dataclasses.MISSING
        given = (types or {}).get(field.name)
        annotations[field.name] = given or _graphql(field.name, hints[field.name], required)
        namespace[field.name] = _field(field, required, described.get(field.name, ""), kind)
    if key:
        annotations["idempotency_key"] = str | None
        namespace["idempotency_key"] = key_field()
    namespace["__annotations__"] = annotations
    made = strawberry.input(type(name, (), namespace), name=name, description=doc)
    _MADE[name] = (kind, made)
    return made


def key_field() -> Any:
    """idempotencyKey: the same key from the same caller records the decision once."""
    return strawberry.field(default=None, description=KEY)


def _field(field: dataclasses.Field[Any], required: bool, doc: str, kind: type[Command]) -> Any:
    if field.name == "expected_version" and not doc:
        doc = next(text for base, text in SUBJECTS if issubclass(kind, base))
    description = doc or None
    if required:
        return strawberry.field(description=description)
    if isinstance(field.default, Kept):
        return strawberry.field(default=strawberry.UNSET, description=description)
    if isinstance(field.default, tuple | list):
        return strawberry.field(default_factory=list, description=description)
    return strawberry.field(default=field.default, description=description)


def _graphql(name: str, hint: Any, required: bool) -> Any:
    """The GraphQL type of a command field's type (Annotated checks already stripped)."""
    members = typing.get_args(hint) if _is_union(hint) else (hint,)
    kept = [m for m in members if m is not type(None) and m is not Kept]
    if len(kept) != 1:
        raise TypeError(f"{name}: cannot map {hint!r} to a GraphQL type")
    core = _core(name, kept[0])
    return core if required or len(kept) == len(members) else core | None


def _core(name: str, hint: Any) -> Any:
    if typing.get_origin(hint) in (list, tuple, Sequence):
        inner = typing.get_args(hint)[0]
        return list[strawberry.ID] if name.endswith("_ids") else list[inner]  # type: ignore[valid-type]
    return strawberry.ID if hint is str and name.endswith("_id") else hint


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (Union, types.UnionType)


ITEM_DECISION = input_of(ItemDecision, "ItemDecisionInput")
"""Shared by the item decisions that take nothing but the item (start, accept, drop...)."""
