"""Sentences of the everyday lifecycle's decisions."""

from __future__ import annotations

from domain import lifecycle_events as ev
from domain.vocabulary import Role
from projections.decisions.wording import Changes, Wording, changed_fields, sentence, status_moved


def goal_title(e: ev.GoalDecision, w: Wording) -> str:
    goal = next((g for g in w.before.goals if g.id == e.goal_id), None) if w.before else None
    return f"'{goal.title}'" if goal else "a goal"


@sentence(ev.RoleRevoked)
def role_revoked(e: ev.RoleRevoked, w: Wording) -> tuple[str, Changes]:
    role = Role(e.revoked).label
    return f"revoked {w.name(e.member_id)}'s {role} role", [("roles", e.revoked, None)]


@sentence(ev.GoalRevised)
def goal_revised(e: ev.GoalRevised, w: Wording) -> tuple[str, Changes]:
    changes = changed_fields(e, "title", "metric", "target_date")
    return f"revised the goal {goal_title(e, w)}", changes


@sentence(ev.ItemGoalsSet)
def item_goals_set(e: ev.ItemGoalsSet, w: Wording) -> tuple[str, Changes]:
    titles = {g.id: g.title for g in w.before.goals} if w.before else {}
    named = ", ".join(f"'{titles.get(g, g)}'" for g in e.goals_after)
    said = f"linked {w.title} to {named}" if named else f"unlinked {w.title} from every goal"
    return said, [("goals", e.goals_before, e.goals_after)]


@sentence(ev.ItemRestored)
def item_restored(e: ev.ItemRestored, w: Wording) -> tuple[str, Changes]:
    return f"restored {w.title} at #{e.rank_after}", [
        ("status", e.status_before, e.status_after),
        ("rank", None, e.rank_after),
    ]


status_moved(
    ev.GoalStatusChanged, lambda e, w: f"marked the goal {goal_title(e, w)} {e.status_after}"
)
status_moved(ev.ItemRejected, lambda e, w: f"rejected {w.title}: back to {e.status_after}")
