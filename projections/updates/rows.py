"""The rows the updates view serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UpdateRow:
    """A published stakeholder update, exactly as stored with its decision."""

    id: str
    product_id: str
    version: int
    position: int
    number: int
    headline: str
    note: str | None
    author_id: str | None
    window_from: datetime
    window_to: datetime
    markdown: str
