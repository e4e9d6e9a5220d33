"""The demo story's lifecycle chapter: a goal achieved, a delivery rejected then
accepted, engineers completing their own work, a dropped item restored, a stakeholder's
request, and a role granted by mistake, revoked. Every status stays on show."""

from __future__ import annotations

from typing import Any, Protocol

from api.demo_steps import ADMIN, Cast
from domain import commands as c
from domain.vocabulary import GoalStatus, Role


class Clock(Protocol):
    def at(self, day: int, hour: int = 10) -> None: ...


GUEST, PROMO = "Guest checkout", "Promo codes"
CONVERSION, PILOT = "Lift checkout conversion by 5 points", "Enterprise pilot live"

# day, hour, who, command, item title ("" for the product), keyword arguments (members
# by first name, goals by title)
# fmt: off
STEPS: list[tuple[int, int, str, type[c.Command], str, dict[str, Any]]] = [
    (41, 18, "Ana", c.ChangeGoalStatus, "", {
        "goal": PILOT, "status": GoalStatus.ACHIEVED,
        "rationale": "The pilot's users sign in with SSO since day 27"}),
    (41, 18, "Ana", c.SetItemGoals, GUEST, {"goals": [CONVERSION]}),
    (41, 18, "Ana", c.RejectItem, GUEST, {
        "rationale": "On mobile, guests are still asked for a password"}),
    (41, 18, "Ana", c.DropItem, "Saved carts", {"rationale": "Guest checkout covers it"}),
    (41, 20, "Chloé", c.CompleteItem, GUEST, {"rationale": "Mobile flow fixed and tested"}),
    (41, 20, "Ana", c.AcceptItem, GUEST, {"rationale": "Paid as a guest on three phones"}),
    (41, 20, "Dev", c.CompleteItem, "Apple Pay", {"rationale": "Works on Safari and iOS"}),
    (41, 20, "Ben", c.StartItem, "Migrate payments to the v2 API", {
        "rationale": "Chloé is free again"}),
    (41, 20, "Ana", c.RestoreItem, "Split payments", {
        "rationale": "Two enterprise prospects need it in Q1"}),
    (41, 20, "Ana", c.RefineItem, PROMO, {
        "title": "Promo codes and gift cards",
        "acceptance_criteria": ["One code per order", "Gift card balance shown at checkout"]}),
    (41, 20, "Ben", c.EstimateItem, PROMO, {"points": 5}),
    (42, 7, "Eve", c.RequestItem, "", {
        "title": "Invoices as PDF",
        "description": "Procurement teams want a PDF invoice after each order.",
        "rationale": "Three prospects asked for it in sales calls"}),
    (42, 7, "Ana", c.ReviseGoal, "", {
        "goal": CONVERSION, "title": "Lift checkout conversion by 6 points",
        "rationale": "Guest checkout beat the forecast"}),
    (42, 9, ADMIN, c.GrantRole, "", {"member": "Emeka", "role": Role.PRODUCT_OWNER}),
    (42, 9, "Ana", c.RevokeRole, "", {
        "member": "Emeka", "role": Role.PRODUCT_OWNER,
        "rationale": "Granted by mistake: Emeka is an engineer on the team"}),
]
# fmt: on


def lifecycle_chapter(cast: Cast, clock: Clock) -> None:
    """The evening of day 41 and the next morning, after the main story (api/demo_story.py)."""
    for day, hour, who, kind, subject, arguments in STEPS:
        clock.at(day, hour)
        cast.decide(who, kind, subject, arguments)
