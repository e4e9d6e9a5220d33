"""The audit sentences, one module per area; importing this package registers them all."""

from projections.decisions.sentences import backlog, lifecycle, team

__all__ = ["backlog", "lifecycle", "team"]
