"""What a decision did, as its caller learns it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Outcome:
    """What a decision did: its subject and, when something was recorded, the
    product version and log position of the decision event.

    The decision is identified by (product_id, version). `position` is known only
    to the call that recorded it (a replay from an idempotency key has None) and
    `replayed` says which call this was, so neither takes part in equality: the
    first call and its retries return equal outcomes. `token` is a new member's
    bearer token, shown once and never stored.
    """

    product_id: str | None = None
    item_id: str | None = None
    member_id: str | None = None
    version: int | None = None
    position: int | None = field(default=None, compare=False)
    replayed: bool = field(default=False, compare=False)
    token: str | None = field(default=None, compare=False, repr=False)
    created_id: str | None = None
    """What the decision created or named beside the product (a position, a people record)."""

    def to_record(self) -> dict[str, Any]:
        """What an idempotency record keeps, to answer a retry the same way."""
        data = asdict(self)
        for transient in ("position", "replayed", "token"):
            data.pop(transient)
        return data
