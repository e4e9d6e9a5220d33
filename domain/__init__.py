"""Tandem's write side: aggregates, decision events, rules and the application service."""

# Loads the decision events in order, whichever event module is imported first.
import domain.product_events  # noqa: F401
