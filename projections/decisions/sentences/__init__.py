"""The audit sentences, one module per area; importing this package registers them all."""

from projections.decisions.sentences import backlog, people, team

__all__ = ["backlog", "team"]
__all__ += ["people"]
