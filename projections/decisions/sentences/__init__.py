"""The audit sentences, one module per area; importing this package registers them all."""

from projections.decisions.sentences import (
    backlog,
    governance,
    integrity,
    lifecycle,
    people,
    planning,
    team,
    updates,
)

__all__ = [
    "backlog",
    "governance",
    "integrity",
    "lifecycle",
    "people",
    "planning",
    "team",
    "updates",
]
