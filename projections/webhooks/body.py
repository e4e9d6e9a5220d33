"""What a webhook receives for one decision: the contract's JSON body (TANDEM), or a
Slack incoming-webhook body (SLACK); and the delivery's id, the same on every attempt."""

from __future__ import annotations

import json
import uuid
from typing import Any

from projections.engine.instants import instant
from projections.rows import DecisionRow


def delivery_id(webhook_id: str, position: int) -> str:
    """One id per decision and webhook: repeated on retries, across restarts, rebuilds."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tandem:delivery:{webhook_id}:{position}"))


def tandem_body(row: DecisionRow) -> dict[str, Any]:
    return {
        "productId": row.product_id,
        "decision": {
            "id": row.id,
            "position": row.position,
            "at": instant(row.at),
            "actorId": row.actor_id,
            "role": row.role,
            "type": row.type,
            "subjectId": row.subject_id,
            "rationale": row.rationale,
            "summary": row.summary,
            "changes": [
                {"field": c.field, "before": c.before, "after": c.after} for c in row.changes
            ],
        },
    }


def encoded(body: dict[str, Any], format: str) -> bytes:
    """The raw bytes sent (and signed)."""
    if format == "SLACK":
        body = {"text": body["decision"]["summary"]}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
