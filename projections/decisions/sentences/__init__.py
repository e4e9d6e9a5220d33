"""The audit sentences, one module per area; importing this package registers them all."""

from projections.decisions.sentences import backlog, team
from projections.decisions.sentences import updates as _updates  # noqa: F401

__all__ = ["backlog", "team"]
