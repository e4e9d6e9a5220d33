"""Sentences of the position decisions (people records are never decisions)."""

from __future__ import annotations

from domain import people_events as ev
from projections.decisions.wording import Changes, Wording, created, sentence


def _title(e: ev.PositionFilled | ev.PositionCancelled, w: Wording) -> str:
    positions = w.before.__dict__.get("positions", {}) if w.before is not None else {}
    position = positions.get(e.position_id)
    return f"'{position['title']}'" if position else "a position"


@sentence(ev.PositionOpened)
def position_opened(e: ev.PositionOpened, w: Wording) -> tuple[str, Changes]:
    return f"opened the position '{e.title}'", created(status="OPEN", title=e.title)


@sentence(ev.PositionFilled)
def position_filled(e: ev.PositionFilled, w: Wording) -> tuple[str, Changes]:
    return f"filled the position {_title(e, w)} with {w.name(e.member_id)}", [
        ("status", e.status_before, "FILLED"),
        ("filledBy", None, w.name(e.member_id)),
    ]


@sentence(ev.PositionCancelled)
def position_cancelled(e: ev.PositionCancelled, w: Wording) -> tuple[str, Changes]:
    return f"cancelled the position {_title(e, w)}", [("status", e.status_before, "CANCELLED")]
