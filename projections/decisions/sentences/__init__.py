"""The audit sentences, one module per area; importing this package registers them all."""

from projections.decisions.sentences import backlog, governance, team
from projections.decisions.sentences import updates as _updates  # noqa: F401

__all__ = ["backlog", "team"]
__all__ += ["governance"]
