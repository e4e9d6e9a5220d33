"""The canonical form of a chained decision, as the README states it for auditors:

hash = lowercase hex SHA-256 of the UTF-8 bytes of the six lines
    previousHash  (64 hex digits; the empty string for a product's first decision)
    position      (decimal)
    productId     (lowercase UUID with hyphens)
    version       (decimal: the product's version after the decision)
    topic         (the stored event's topic, as stored)
    state         (standard base64, with padding, of the stored state bytes)
joined by "\\n" (no newline at the end).
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import NamedTuple

from eventsourcing.utils import resolve_topic

from domain.product_events import ProductCreated, ProductDecision

FORMAT = "tandem-audit-1"
"""The canonical form's name; a changed form would get a new one, never a new meaning."""


class StoredDecision(NamedTuple):
    """A decision exactly as the event store holds it."""

    position: int
    product_id: str
    version: int
    topic: str
    state: bytes


def link_hash(previous_hash: str | None, decision: StoredDecision) -> str:
    """The decision's hash, chained to the previous decision's hash: `hash_of`'s
    bytes, built without decoding the state's base64 (every field is ASCII)."""
    lines = (
        (previous_hash or "").encode("ascii"),
        b"%d" % decision.position,
        decision.product_id.encode("ascii"),
        b"%d" % decision.version,
        decision.topic.encode("utf-8"),
        base64.b64encode(decision.state),
    )
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def hash_of(
    previous_hash: str | None, position: int, product_id: str, version: int, topic: str, state: str
) -> str:
    """The same, from the export's fields (state already in base64)."""
    text = "\n".join((previous_hash or "", str(position), product_id, str(version), topic, state))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1024)
def is_decision_topic(topic: str) -> bool:
    """Whether a stored event of this topic is a product's decision (what is chained)."""
    try:
        kind = resolve_topic(topic)
    except Exception:  # a topic that names nothing (renamed, or tampered with)
        return False
    return isinstance(kind, type) and issubclass(kind, ProductCreated | ProductDecision)
