"""The audit sentences, one module per area; importing this package registers them all."""

from projections.decisions.sentences import backlog, governance, integrity, planning, team, updates

__all__ = ["backlog", "governance", "integrity", "planning", "team", "updates"]
from projections.decisions.sentences import people

__all__ = ["backlog", "team"]
__all__ += ["people"]
