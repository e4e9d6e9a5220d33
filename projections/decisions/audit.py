"""Pure audit logic: one decision event -> one DecisionRow with a readable summary.

`before` is the product as it stood just before the decision (titles, ranks and
names come from there), so a summary never has to guess.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from domain import product_events as ev
from domain.product import Product
from domain.vocabulary import Role
from projections.rows import ChangeRow, DecisionRow

Changes = list[tuple[str, Any, Any]]


def text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def subject_of(event: ev.ProductDecision | ev.ProductCreated) -> str:
    if isinstance(event, ev.ProductCreated):
        return str(event.originator_id)
    item_id = getattr(event, "item_id", None)
    if item_id is not None:
        return str(item_id)
    member_id = getattr(event, "member_id", None)
    if member_id is not None:
        return str(member_id)
    return str(event.originator_id)


def describe(
    event: Any, before: Product | None, name_of: Callable[[str | None], str]
) -> tuple[str, Changes]:
    """The sentence after the actor, and the field changes, for one decision."""
    title = (
        f"'{before.items[event.item_id].title}'"
        if before and getattr(event, "item_id", None) in before.items
        else ""
    )
    match event:
        case ev.ProductCreated():
            return f"created product '{event.name}'", [
                ("name", None, event.name),
                ("vision", None, event.vision),
            ]
        case ev.RoleGranted():
            role = Role(event.granted).label
            return f"granted {name_of(event.member_id)} the {role} role", [
                ("roles", None, event.granted)
            ]
        case ev.VisionDefined():
            return "redefined the product vision", [("vision", event.before, event.after)]
        case ev.GoalSet():
            return f"set the goal '{event.title}'", [
                ("goal", None, event.title),
                ("metric", None, event.metric),
                ("targetDate", None, event.target_date),
            ]
        case ev.CapacitySet():
            return (
                f"set {name_of(event.member_id)}'s capacity from {event.before}% to {event.after}%",
                [("capacityPercent", event.before, event.after)],
            )
        case ev.ItemProposed():
            return f"proposed '{event.title}' at #{event.rank}", [
                ("title", None, event.title),
                ("kind", None, event.kind),
                ("rank", None, event.rank),
                ("status", None, "PROPOSED"),
            ]
        case ev.ItemPrioritized():
            return f"moved {title} from #{event.from_rank} to #{event.to_rank}", [
                ("rank", event.from_rank, event.to_rank)
            ]
        case ev.ItemRefined():
            changes: Changes = [
                ("description", event.description_before, event.description_after),
                ("acceptanceCriteria", event.criteria_before, event.criteria_after),
                ("status", event.status_before, event.status_after),
            ]
            return f"refined {title}", [c for c in changes if c[1] != c[2]]
        case ev.ItemEstimated():
            changes = [
                ("estimate", event.points_before, event.points_after),
                ("status", event.status_before, event.status_after),
            ]
            return (
                f"estimated {title} at {text(event.points_after)} points",
                [c for c in changes if c[1] != c[2] or c[0] == "estimate"],
            )
        case ev.EngineerAssigned():
            return f"assigned {name_of(event.member_id)} to {title} at {event.percent}%", [
                (f"assignment:{event.member_id}", event.percent_before, event.percent)
            ]
        case ev.EngineerUnassigned():
            return f"unassigned {name_of(event.member_id)} from {title}", [
                (f"assignment:{event.member_id}", event.percent_before, None)
            ]
        case ev.ItemTransition():
            verb = {
                ev.ItemStarted: "started",
                ev.ItemCompleted: "completed",
                ev.ItemAccepted: "accepted",
                ev.ItemDropped: "dropped",
            }[type(event)]
            changes = [("status", event.status_before, event.status_after)]
            if event.status_after in ("ACCEPTED", "DROPPED"):
                changes.append(("rank", event.rank_before, None))
            return f"{verb} {title}", changes
    raise TypeError(f"no audit description for {type(event).__name__}")


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
        who = f"{name_of(actor)} ({Role(event.role).label})" if event.role else name_of(actor)
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


def recorded_instant(event_time: datetime, previous: datetime | None) -> datetime:
    """Decision.at never decreases along the log: the later of the event's own
    timestamp and the previous decision's recorded instant."""
    return event_time if previous is None or event_time > previous else previous
