"""The payload types of the decisions that answer with their subject: the record the
decision is about, as the views now show it, and the decision recorded. Each is made
from one call naming the subject's field and type, as an input type is made from its
command (command_inputs.py): the contract fixes only the names and the types."""

from __future__ import annotations

from typing import Any

import strawberry

from api.graphql.types.decisions import Decision

RECORDED = "What was recorded."


def payload_type(
    name: str,
    field: str,
    subject: type[Any],
    noun: str,
    *,
    about: str = "it",
    recorded: str = RECORDED,
    optional: bool = False,
) -> type[Any]:
    """The type `name`: `field`, the `noun` (a `subject`) as the views now show it, then
    `decision`, described by `recorded`; null only when `optional` (a decision that may
    record nothing)."""
    decision = Decision | None if optional else Decision
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__annotations__": {field: subject, "decision": decision},
        field: strawberry.field(description=f"The {noun}, as the views now show it."),
        "decision": strawberry.field(description=recorded),
    }
    description = f"The {noun} after a decision about {about}."
    return strawberry.type(type(name, (), namespace), description=description)
