"""Sentences of the planning decisions: iterations, dependencies, blocks, the WIP limit."""

from __future__ import annotations

from domain import planning_events as ev
from domain.product.planning_state import PlanningState
from projections.decisions.wording import Changes, Wording, created, sentence


def _iteration(w: Wording, iteration_id: str) -> str:
    product = w.before
    if isinstance(product, PlanningState):
        found = product.planned().iterations.get(iteration_id)
        if found is not None:
            return f"iteration {found.number} '{found.name}'"
    return "an iteration"


def _titles(w: Wording, ids: list[str]) -> str:
    items = w.before.items if w.before is not None else {}
    return ", ".join(f"'{items[i].title}'" if i in items else "an item" for i in ids) or "nothing"


def _title(w: Wording, item_id: str) -> str:
    return _titles(w, [item_id])


@sentence(ev.IterationPlanned)
def iteration_planned(e: ev.IterationPlanned, w: Wording) -> tuple[str, Changes]:
    return (
        f"planned iteration {e.number} '{e.name}' with {e.capacity_points:g} points of capacity",
        created(
            name=e.name, startsAt=e.starts_at, endsAt=e.ends_at, capacityPoints=e.capacity_points
        ),
    )


@sentence(ev.IterationCapacitySet)
def capacity_set(e: ev.IterationCapacitySet, w: Wording) -> tuple[str, Changes]:
    return (
        f"set the capacity of {_iteration(w, e.iteration_id)} from {e.before:g} to "
        f"{e.after:g} points",
        [("capacityPoints", e.before, e.after)],
    )


@sentence(ev.IterationScopeProposed)
def scope_proposed(e: ev.IterationScopeProposed, w: Wording) -> tuple[str, Changes]:
    again = " again, after the commitment" if e.status_before == "COMMITTED" else ""
    return (
        f"proposed {_titles(w, e.item_ids)} for {_iteration(w, e.iteration_id)}{again}",
        [("proposedScope", e.before, e.item_ids), ("status", e.status_before, "PLANNED")],
    )


@sentence(ev.IterationCommitted)
def committed(e: ev.IterationCommitted, w: Wording) -> tuple[str, Changes]:
    over = e.points - e.capacity_points
    overload = f", {over:g} over capacity (overload accepted)" if over > 0 else ""
    return (
        f"committed {_iteration(w, e.iteration_id)} to {e.points:g} points{overload}",
        [("committedScope", None, e.item_ids), ("status", "PLANNED", "COMMITTED")],
    )


@sentence(ev.IterationClosed)
def closed(e: ev.IterationClosed, w: Wording) -> tuple[str, Changes]:
    return (
        f"closed {_iteration(w, e.iteration_id)}: {e.delivered_points:g} points delivered, "
        f"{len(e.carried_over)} items carried over",
        [("status", "COMMITTED", "CLOSED"), ("carriedOver", None, e.carried_over)],
    )


@sentence(ev.DependencyAdded)
def dependency_added(e: ev.DependencyAdded, w: Wording) -> tuple[str, Changes]:
    return (
        f"made {w.title} depend on {_title(w, e.depends_on_id)}",
        [("dependsOn", None, e.depends_on_id)],
    )


@sentence(ev.DependencyRemoved)
def dependency_removed(e: ev.DependencyRemoved, w: Wording) -> tuple[str, Changes]:
    return (
        f"removed the dependency of {w.title} on {_title(w, e.depends_on_id)}",
        [("dependsOn", e.depends_on_id, None)],
    )


@sentence(ev.ItemBlocked)
def blocked(e: ev.ItemBlocked, w: Wording) -> tuple[str, Changes]:
    return f"blocked {w.title}: {e.rationale}", [("blocked", "false", "true")]


@sentence(ev.ItemUnblocked)
def unblocked(e: ev.ItemUnblocked, w: Wording) -> tuple[str, Changes]:
    return f"unblocked {w.title}", [("blocked", "true", "false")]


@sentence(ev.WipLimitSet)
def wip_limit_set(e: ev.WipLimitSet, w: Wording) -> tuple[str, Changes]:
    after = f"{e.after} items in progress per engineer" if e.after else "no limit"
    return f"set the WIP limit to {after}", [("wipLimit", e.before, e.after)]
