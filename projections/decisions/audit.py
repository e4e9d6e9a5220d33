"""Pure audit logic: one decision event -> one DecisionRow with a readable summary.

`before` is the product as it stood just before the decision (titles, ranks and
names come from there), so a summary never has to guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain import product_events as ev
from domain.lifecycle_events import GoalDecision
from domain.product import Product
from domain.vocabulary import Role
from projections.decisions import sentences  # noqa: F401  (registers every sentence)
from projections.decisions.wording import describe, text
from projections.rows import ChangeRow, DecisionRow


def subject_of(event: ev.ProductDecision | ev.ProductCreated) -> str:
    if isinstance(event, ev.ProductCreated):
        return str(event.originator_id)
    governed = getattr(event, "audit_subject", None)  # a risk or architecture decision
    if governed is not None:
        return str(governed)
    iteration_id = getattr(event, "iteration_id", None)  # Iteration* -> the iteration
    if iteration_id is not None:
        return str(iteration_id)
    position_id = getattr(event, "position_id", None)
    if position_id is not None:
        return str(position_id)
    item_id = getattr(event, "item_id", None)
    if item_id is not None:
        return str(item_id)
    webhook_id = getattr(event, "webhook_id", None)
    if webhook_id is not None:
        return str(webhook_id)
    if isinstance(event, GoalDecision):
        return str(event.goal_id)
    member_id = getattr(event, "member_id", None)
    if member_id is not None:
        return str(member_id)
    return str(event.originator_id)


def decision_row(
    event: Any,
    before: Product | None,
    position: int,
    at: datetime,
    names: Mapping[str, str],
) -> DecisionRow:
    """The audit row of one decision event."""

    def name_of(member_id: str | None) -> str:
        return names.get(member_id or "", "someone")

    sentence, changes = describe(event, before, name_of)
    actor = event.actor_id
    if actor is None:
        who = "The administrator"
    else:
        who = f"{name_of(actor)} ({_LABELS[event.role]})" if event.role else name_of(actor)
    return DecisionRow(
        position=position,
        product_id=str(event.originator_id),
        version=event.originator_version,
        at=at,
        actor_id=actor,
        role=event.role,
        type=type(event).__name__,
        subject_id=subject_of(event),
        rationale=event.rationale,
        summary=f"{who} {sentence}",
        changes=tuple(ChangeRow(f, text(b), text(a)) for f, b, a in changes),
    )


_LABELS = {role.value: role.label for role in Role}


def recorded_instant(event_time: datetime, previous: datetime | None) -> datetime:
    """Decision.at never decreases along the log: the later of the event's own
    timestamp and the previous decision's recorded instant."""
    return event_time if previous is None or event_time > previous else previous
