"""What every command is: a frozen record of a decision's typed inputs, each checked
for shape by its declared kind (domain/commands/fields.py) on the decision path, before
any aggregate sees it."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any, Self, dataclass_transform

from domain.commands.fields import Causes, Check, ItemId, ProductId, Rationale

_CHECKS: dict[type[Command], tuple[tuple[str, Check], ...]] = {}


def checks_of(kind: type[Command]) -> tuple[tuple[str, Check], ...]:
    """(field, check) for every field declared with a checked kind, in field order."""
    if kind in _CHECKS:
        return _CHECKS[kind]
    hints = typing.get_type_hints(kind, include_extras=True)
    found = []
    for field in dataclasses.fields(kind):
        for extra in getattr(hints[field.name], "__metadata__", ()):
            if callable(extra):
                found.append((field.name, extra))
    _CHECKS[kind] = tuple(found)
    return _CHECKS[kind]


@dataclass_transform(kw_only_default=True, frozen_default=True)
@dataclass(frozen=True, kw_only=True)
class Command:
    """A decision someone asks for. The aggregate checks the rules that depend on its
    state; permissions are in domain/permissions.py.

    Every subclass is a frozen, keyword-only dataclass of the decision's inputs, made
    so here, once, rather than by a decorator on each."""

    caused_by: Causes = ()
    """Earlier decisions of the same product this one follows from (any decision)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True, kw_only=True)(cls)

    def checked(self) -> Self:
        """This command with every field checked and normalised (stripped text,
        canonical ids); raises InvalidInput. The decision path calls it, so who may
        decide can be checked first where that is the rule (administration)."""
        values = {name: check(getattr(self, name)) for name, check in checks_of(type(self))}
        return dataclasses.replace(self, **values) if values else self

    def fields(self) -> dict[str, Any]:
        """The inputs, for the idempotency fingerprint."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if not values["caused_by"]:
            del values["caused_by"]  # fingerprints of keys used before causes existed hold
        return values


class ProductCommand(Command):
    """A decision about an existing product."""

    product_id: ProductId


class ItemCommand(Command):
    """A decision about one backlog item (its product is found from the item)."""

    item_id: ItemId


class ItemDecision(ItemCommand):
    """A decision taken on the item as the caller saw it: why (optional unless the
    decision requires it), and the item's version it was based on (CONFLICT if the item
    moved on meanwhile)."""

    rationale: Rationale = None
    expected_version: int | None = None
