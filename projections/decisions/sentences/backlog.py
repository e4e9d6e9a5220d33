"""Sentences of the decisions about backlog items."""

from __future__ import annotations

from domain import product_events as ev
from domain.lifecycle_events import ItemRequested
from projections.decisions.wording import Changes, Wording, changed_fields, created, sentence, text

VERBS = {
    ev.ItemStarted: "started",
    ev.ItemCompleted: "completed",
    ev.ItemAccepted: "accepted",
    ev.ItemDropped: "dropped",
}


@sentence(ev.ItemProposed)  # and ItemRequested, a stakeholder's proposal
def item_proposed(e: ev.ItemProposed, w: Wording) -> tuple[str, Changes]:
    verb = "requested" if isinstance(e, ItemRequested) else "proposed"
    return f"{verb} '{e.title}' at #{e.rank}", created(
        title=e.title, kind=e.kind, rank=e.rank, status="PROPOSED"
    )


@sentence(ev.ItemPrioritized)
def item_prioritized(e: ev.ItemPrioritized, w: Wording) -> tuple[str, Changes]:
    return f"moved {w.title} from #{e.from_rank} to #{e.to_rank}", [
        ("rank", e.from_rank, e.to_rank)
    ]


@sentence(ev.ItemRefined)
def item_refined(e: ev.ItemRefined, w: Wording) -> tuple[str, Changes]:
    fields = ("title", "kind", "description", "criteria", "status")
    return f"refined {w.title}", changed_fields(e, *fields, criteria="acceptanceCriteria")


@sentence(ev.ItemEstimated)
def item_estimated(e: ev.ItemEstimated, w: Wording) -> tuple[str, Changes]:
    status = changed_fields(e, "status")
    return (
        f"estimated {w.title} at {text(e.points_after)} points",
        [("estimate", e.points_before, e.points_after), *status],
    )


@sentence(ev.EngineerAssigned)
def engineer_assigned(e: ev.EngineerAssigned, w: Wording) -> tuple[str, Changes]:
    who, share = w.name(e.member_id), f"{e.percent}%"
    if e.percent_before is None:
        words = f"assigned {who} to {w.title} at {share}"
    else:
        words = f"changed {who}'s share of {w.title} from {e.percent_before}% to {share}"
    return words, [(f"assignment:{e.member_id}", e.percent_before, e.percent)]


@sentence(ev.EngineerUnassigned)
def engineer_unassigned(e: ev.EngineerUnassigned, w: Wording) -> tuple[str, Changes]:
    return f"unassigned {w.name(e.member_id)} from {w.title}", [
        (f"assignment:{e.member_id}", e.percent_before, None)
    ]


@sentence(ev.ItemTransition)
def item_moved(e: ev.ItemTransition, w: Wording) -> tuple[str, Changes]:
    changes: Changes = [("status", e.status_before, e.status_after)]
    if e.status_after in ("ACCEPTED", "DROPPED"):
        changes.append(("rank", e.rank_before, None))
    return f"{VERBS[type(e)]} {w.title}", changes
