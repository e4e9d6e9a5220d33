"""causedBy on every decision input, added in one place: `decision()` (decision_fields)
passes each input type through `with_caused_by`, so every area's decisions take it
without declaring it. The command's `caused_by` field (domain/commands/base.py)
receives it by name, and the decision path checks it once."""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry
from strawberry.types.base import get_object_definition

CAUSED_BY = (
    "Ids of earlier decisions of the same product this decision follows from (at most 20); "
    "Decision.causes lists them. An unknown id is NOT_FOUND, another product's BAD_USER_INPUT."
)
_WITH: dict[type[Any], type[Any]] = {}


def with_caused_by(input_type: type[Any]) -> type[Any]:
    """The input type with an optional `causedBy: [ID!]` last (the same type when it has
    one already, or when it has no product to be caused on: registerMember, createProduct)."""
    names = {f.name for f in dataclasses.fields(input_type)}
    if "caused_by" in names or not names & {"product_id", "item_id", "member_id"}:
        return input_type
    if input_type not in _WITH:
        definition = get_object_definition(input_type, strict=True)
        extended = type(
            input_type.__name__,
            (input_type,),
            {
                "__annotations__": {"caused_by": "list[strawberry.ID] | None"},
                "caused_by": strawberry.field(default=None, description=CAUSED_BY),
                "__module__": __name__,
            },
        )
        _WITH[input_type] = strawberry.input(
            extended, name=definition.name, description=definition.description
        )
    return _WITH[input_type]
