"""The lifecycle's chapter of the golden fixtures' story (tests/reliability/make_fixtures):
every lifecycle decision once, so each event type has a stored fixture."""

from __future__ import annotations

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    ChangeGoalStatus,
    CompleteItem,
    RefineItem,
    RejectItem,
    RequestItem,
    RestoreItem,
    ReviseGoal,
    RevokeRole,
    SetItemGoals,
    StartItem,
)
from domain.vocabulary import GoalStatus, ItemKind, Role


def lifecycle_chapter(app: Tandem, pid: str, ids: dict[str, str], items: dict[str, str]) -> None:
    ana, ben, dev = (Actor.member(ids[n]) for n in ("Ana", "Ben", "Dev"))
    goal = app.product(pid).goals[0].id
    app.decide(ana, ReviseGoal(product_id=pid, goal_id=goal, metric=None, rationale="too vague"))
    app.decide(ana, SetItemGoals(item_id=items["Guest checkout"], goal_ids=[goal]))
    app.decide(
        ana,
        RefineItem(item_id=items["Apple Pay"], title="Apple Pay wallet", kind=ItemKind.FEATURE),
    )
    app.decide(ben, StartItem(item_id=items["Guest checkout"]))
    app.decide(ben, CompleteItem(item_id=items["Guest checkout"]))
    app.decide(ana, RejectItem(item_id=items["Guest checkout"], rationale="fails on Safari"))
    app.decide(ana, RestoreItem(item_id=items["Dark mode"], rationale="asked for after all"))
    app.decide(
        dev, RequestItem(product_id=pid, title="Invoices as PDF", rationale="finance needs them")
    )
    app.decide(
        ana,
        ChangeGoalStatus(
            product_id=pid, goal_id=goal, status=GoalStatus.ACHIEVED, rationale="conversion +6%"
        ),
    )
    app.decide(
        ana,
        RevokeRole(
            product_id=pid, member_id=ids["Dev"], role=Role.STAKEHOLDER, rationale="left the team"
        ),
    )
