"""What a refinement must do: change something, or it is refused (and records nothing)."""

from __future__ import annotations

from domain.backlog_item import BacklogItem
from domain.errors import InvalidInput

REFINED = ("title", "kind", "description", "acceptance_criteria")


def check_changes(before: BacklogItem, after: BacklogItem) -> None:
    if all(getattr(before, f) == getattr(after, f) for f in REFINED):
        raise InvalidInput(
            "the refinement changes nothing: give a new title, kind, description "
            "or acceptance criteria"
        )
