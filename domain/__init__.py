"""Tandem's write side: aggregates, decision events, rules and the application service."""

# Decision events of later areas extend DECISION_TYPES from their own modules: loading
# product_events first keeps that import order whichever module is imported first.
# Loads the decision events in order, whichever event module is imported first.
import domain.product_events  # noqa: F401
from domain import product_events as _product_events  # noqa: F401
