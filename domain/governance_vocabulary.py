"""The vocabulary of risks, opportunities and architecture decisions."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar


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


class AboutRecord:
    """A command or event about one risk or architecture decision: `record_field`
    names the field holding the record's id, so that the id is read in one place."""

    record_field: ClassVar[str]

    @property
    def record_id(self) -> str:
        return str(getattr(self, self.record_field))
