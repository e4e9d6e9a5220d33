"""Idempotency keys: a decision sent twice with the same key is recorded once."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from domain.member import NAMESPACE


def fingerprint(operation: str, arguments: dict[str, Any]) -> str:
    """A stable digest of a request, to tell a retry from a different request."""
    payload = json.dumps([operation, arguments], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


class KeyUsed(Aggregate.Created):
    fingerprint: str
    outcome: dict[str, Any]


class IdempotencyRecord(Aggregate):
    """One per (caller, key); saved in the same transaction as the decision it
    guards, so a concurrent duplicate conflicts on version 1 and records nothing."""

    def __init__(self, fingerprint: str, outcome: dict[str, Any]) -> None:
        self.fingerprint = fingerprint
        self.outcome = outcome

    @staticmethod
    def id_for(caller_key: str, key: str) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"idempotency:{caller_key}:{key}")

    @classmethod
    def use(
        cls, *, caller_key: str, key: str, fingerprint: str, outcome: dict[str, Any], at: datetime
    ) -> IdempotencyRecord:
        return cls._create(
            KeyUsed,
            id=cls.id_for(caller_key, key),
            fingerprint=fingerprint,
            outcome=outcome,
            timestamp=at,
        )
