"""Tandem's write side: aggregates, decision events, rules and the application service."""

from domain import product_events as _decisions  # noqa: F401  (before any area's events)
