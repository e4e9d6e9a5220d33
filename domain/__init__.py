"""Tandem's write side: aggregates, decision events, rules and the application service."""

# The product's decision events first: domain.people_events subclasses them, and
# product_events' DECISION_TYPES then takes in the position decisions.
from domain import product_events  # noqa: F401
