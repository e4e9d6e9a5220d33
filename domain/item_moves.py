"""The item status machine: which status decision moves an item from where to where,
and what to tell someone who asks for a move the item is not ready for."""

from __future__ import annotations

from eventsourcing.domain import Aggregate

from domain import commands as c
from domain import product_events as ev
from domain.errors import Conflict
from domain.vocabulary import ItemStatus as S

OPEN = tuple(s for s in S if s.is_ranked)

MOVES: dict[type[c.MoveItem], tuple[type[Aggregate.Event], tuple[S, ...], S]] = {
    c.StartItem: (ev.ItemStarted, (S.READY,), S.IN_PROGRESS),
    c.CompleteItem: (ev.ItemCompleted, (S.IN_PROGRESS,), S.DONE),
    c.AcceptItem: (ev.ItemAccepted, (S.DONE,), S.ACCEPTED),
    c.DropItem: (ev.ItemDropped, OPEN, S.DROPPED),
}
"""Command -> (event, the statuses it moves from, the status it moves to)."""

NEXT_STEP: dict[S, str] = {
    S.PROPOSED: "refine and estimate it first, so that it is READY",
    S.READY: "start it first",
    S.IN_PROGRESS: "complete it first",
    S.DONE: "it is waiting to be accepted or dropped",
    S.ACCEPTED: "it is accepted and closed",
    S.DROPPED: "it is dropped and closed",
}


def check_move(command: c.MoveItem, status: S) -> tuple[type[Aggregate.Event], S]:
    """The event and target status of a move, or Conflict saying what to do first."""
    event, sources, target = MOVES[type(command)]
    if status not in sources:
        raise Conflict(
            f"{status.article} {status.value} item cannot move to {target.value}: "
            f"{NEXT_STEP[status]}"
        )
    return event, target
