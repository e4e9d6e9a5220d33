"""Tandem's write side: aggregates, decision events, rules and the application service."""

# The core decision types first: area event modules subclass them and are appended
# to DECISION_TYPES at the end of product_events, whichever module is imported first.
from domain import product_events as _product_events  # noqa: F401
