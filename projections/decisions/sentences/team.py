"""Sentences of the decisions about the product and its people."""

from __future__ import annotations

from domain import product_events as ev
from domain.vocabulary import Role
from projections.decisions.wording import Changes, Wording, created, sentence


@sentence(ev.ProductCreated)
def product_created(e: ev.ProductCreated, w: Wording) -> tuple[str, Changes]:
    return f"created product '{e.name}'", created(name=e.name, vision=e.vision)


@sentence(ev.RoleGranted)
def role_granted(e: ev.RoleGranted, w: Wording) -> tuple[str, Changes]:
    role = Role(e.granted).label
    return f"granted {w.name(e.member_id)} the {role} role", [("roles", None, e.granted)]


@sentence(ev.VisionDefined)
def vision_defined(e: ev.VisionDefined, w: Wording) -> tuple[str, Changes]:
    return "redefined the product vision", [("vision", e.before, e.after)]


@sentence(ev.GoalSet)
def goal_set(e: ev.GoalSet, w: Wording) -> tuple[str, Changes]:
    return f"set the goal '{e.title}'", created(
        goal=e.title, metric=e.metric, targetDate=e.target_date
    )


@sentence(ev.CapacitySet)
def capacity_set(e: ev.CapacitySet, w: Wording) -> tuple[str, Changes]:
    who = w.name(e.member_id)
    return (
        f"set {who}'s capacity from {e.before}% to {e.after}%",
        [("capacityPercent", e.before, e.after)],
    )
