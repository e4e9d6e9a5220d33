"""The vocabulary of risks, opportunities and architecture decisions."""

from __future__ import annotations

from enum import StrEnum


class RiskKind(StrEnum):
    RISK = "RISK"
    OPPORTUNITY = "OPPORTUNITY"


class RiskStatus(StrEnum):
    OPEN = "OPEN"
    MITIGATED = "MITIGATED"
    REALIZED = "REALIZED"
    DISMISSED = "DISMISSED"


class ArchitectureDecisionStatus(StrEnum):
    PROPOSED = "PROPOSED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    SUPERSEDED = "SUPERSEDED"


LEVELS = range(1, 6)
"""Likelihood and impact are rated 1 (lowest) to 5 (highest)."""
