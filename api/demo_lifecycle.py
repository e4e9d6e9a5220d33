"""The demo story's lifecycle chapter: a goal achieved, a delivery rejected then
accepted, engineers completing their own work, a dropped item restored, a stakeholder's
request, and a role granted by mistake, revoked. Every status stays on show."""

from __future__ import annotations

from typing import Protocol

from domain import commands as c
from domain.actor import Actor
from domain.application import Tandem
from domain.vocabulary import GoalStatus, Role


class Clock(Protocol):
    def at(self, day: int, hour: int = 10) -> None: ...


def lifecycle_chapter(
    app: Tandem, clock: Clock, pid: str, people: dict[str, str], items: dict[str, str]
) -> None:
    """The evening of day 41 and the next morning, after the main story (api/demo_story.py)."""
    ana, ben, chloe, dev, eve = (
        Actor.member(people[n]) for n in ("Ana", "Ben", "Chloé", "Dev", "Eve")
    )
    guest, apple, v2 = (
        items["Guest checkout"],
        items["Apple Pay"],
        items["Migrate payments to the v2 API"],
    )
    conversion, pilot = (g.id for g in app.product(pid).goals)
    clock.at(41, 18)
    app.decide(
        ana,
        c.ChangeGoalStatus(
            product_id=pid,
            goal_id=pilot,
            status=GoalStatus.ACHIEVED,
            rationale="The pilot's users sign in with SSO since day 27",
        ),
    )
    app.decide(ana, c.SetItemGoals(item_id=guest, goal_ids=[conversion]))
    app.decide(
        ana,
        c.RejectItem(item_id=guest, rationale="On mobile, guests are still asked for a password"),
    )
    app.decide(ana, c.DropItem(item_id=items["Saved carts"], rationale="Guest checkout covers it"))
    clock.at(41, 20)
    app.decide(chloe, c.CompleteItem(item_id=guest, rationale="Mobile flow fixed and tested"))
    app.decide(ana, c.AcceptItem(item_id=guest, rationale="Paid as a guest on three phones"))
    app.decide(dev, c.CompleteItem(item_id=apple, rationale="Works on Safari and iOS"))
    app.decide(ben, c.StartItem(item_id=v2, rationale="Chloé is free again"))
    app.decide(
        ana,
        c.RestoreItem(
            item_id=items["Split payments"], rationale="Two enterprise prospects need it in Q1"
        ),
    )
    app.decide(
        ana,
        c.RefineItem(
            item_id=items["Promo codes"],
            title="Promo codes and gift cards",
            acceptance_criteria=["One code per order", "Gift card balance shown at checkout"],
        ),
    )
    app.decide(ben, c.EstimateItem(item_id=items["Promo codes"], points=5))
    clock.at(42, 7)
    app.decide(
        eve,
        c.RequestItem(
            product_id=pid,
            title="Invoices as PDF",
            description="Procurement teams want a PDF invoice after each order.",
            rationale="Three prospects asked for it in sales calls",
        ),
    )
    app.decide(
        ana,
        c.ReviseGoal(
            product_id=pid,
            goal_id=conversion,
            title="Lift checkout conversion by 6 points",
            rationale="Guest checkout beat the forecast",
        ),
    )
    clock.at(42, 9)
    emeka = people["Emeka"]
    app.decide(Actor.admin(), c.GrantRole(product_id=pid, member_id=emeka, role=Role.PRODUCT_OWNER))
    app.decide(
        ana,
        c.RevokeRole(
            product_id=pid,
            member_id=emeka,
            role=Role.PRODUCT_OWNER,
            rationale="Granted by mistake: Emeka is an engineer on the team",
        ),
    )
