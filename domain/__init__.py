"""Tandem's write side: aggregates, decision events, rules and the application service."""
