"""Goals revised, closed and linked; items refined in title and kind, rejected and
restored: the lifecycle header's rules on every backend; refusals record nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.commands import (
    KEEP,
    ChangeGoalStatus,
    EstimateItem,
    RefineItem,
    RejectItem,
    RestoreItem,
    ReviseGoal,
    SetGoal,
    SetItemGoals,
)
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.lifecycle_events import (
    GoalRevised,
    GoalStatusChanged,
    ItemGoalsSet,
    ItemRejected,
    ItemRestored,
)
from domain.product_events import ItemRefined
from domain.vocabulary import GoalStatus, ItemKind, ItemStatus
from tests.given import Team, rejects

JUNE = datetime(2027, 6, 30, tzinfo=UTC)


def set_goal(team: Team, title: str = "Halve churn") -> str:
    team.app.decide(
        team.ana,
        SetGoal(product_id=team.product_id, title=title, metric="churn %", target_date=JUNE),
    )
    return team.product.goals[-1].id


def revise(team: Team, goal_id: str, **fields: object) -> None:
    fields.setdefault("rationale", "Board asked")
    team.app.decide(team.ana, ReviseGoal(product_id=team.product_id, goal_id=goal_id, **fields))  # type: ignore[arg-type]


def test_revising_a_goal_keeps_what_is_left_out(team: Team) -> None:
    goal = set_goal(team)
    revise(team, goal, title="Cut churn by a third")
    (after,) = team.product.goals
    assert (after.title, after.metric, after.target_date, after.version) == (
        "Cut churn by a third",
        "churn %",
        JUNE.isoformat(),
        2,
    )
    then = team.last_decision()
    assert isinstance(then, GoalRevised)
    assert (then.title_before, then.title_after, then.rationale) == (
        "Halve churn",
        "Cut churn by a third",
        "Board asked",
    )


def test_revising_clears_metric_and_date_given_as_none(team: Team) -> None:
    goal = set_goal(team)
    revise(team, goal, metric=None, target_date=None)
    (after,) = team.product.goals
    assert (after.title, after.metric, after.target_date) == ("Halve churn", None, None)


def test_a_revision_needs_a_rationale_a_known_goal_and_the_right_version(team: Team) -> None:
    goal = set_goal(team)
    with rejects(team.app, InvalidInput, "rationale"):
        revise(team, goal, title="X", rationale="")
    with rejects(team.app, NotFound):
        revise(team, "00000000-0000-4000-8000-000000000000", title="X")
    with rejects(team.app, Conflict, "version"):
        revise(team, goal, title="X", expected_version=7)
    with rejects(team.app, InvalidInput, "changes nothing"):
        revise(team, goal, title=KEEP)


def test_only_the_product_owner_decides_goals(team: Team) -> None:
    goal = set_goal(team)
    with rejects(team.app, Forbidden):
        team.app.decide(
            team.ben,
            ChangeGoalStatus(
                product_id=team.product_id, goal_id=goal, status=GoalStatus.ACHIEVED, rationale="Y"
            ),
        )


def test_a_goal_is_achieved_once(team: Team) -> None:
    goal = set_goal(team)

    def achieve() -> None:
        team.app.decide(
            team.ana,
            ChangeGoalStatus(
                product_id=team.product_id,
                goal_id=goal,
                status=GoalStatus.ACHIEVED,
                rationale="Churn at 4%",
            ),
        )

    achieve()
    then = team.last_decision()
    assert isinstance(then, GoalStatusChanged)
    assert (then.status_before, then.status_after) == ("ACTIVE", "ACHIEVED")
    assert team.product.goals[0].status == "ACHIEVED"
    with rejects(team.app, Conflict, "ACHIEVED already"):
        achieve()


def test_items_are_linked_to_goals_and_unlinked(team: Team) -> None:
    churn, speed = set_goal(team), set_goal(team, "Faster pages")
    (sso,) = team.propose("SSO login")
    team.app.decide(team.ana, SetItemGoals(item_id=sso, goal_ids=[churn, speed, churn]))
    assert team.item(sso).goal_ids == [churn, speed]
    then = team.last_decision()
    assert isinstance(then, ItemGoalsSet) and then.goals_before == []
    team.app.decide(team.ana, SetItemGoals(item_id=sso, goal_ids=[]))
    assert team.item(sso).goal_ids == []


def test_goals_of_another_product_are_bad_input(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, InvalidInput, "not a goal"):
        team.app.decide(
            team.ana,
            SetItemGoals(item_id=sso, goal_ids=["00000000-0000-4000-8000-000000000000"]),
        )


def test_refining_changes_title_and_kind(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.app.decide(team.ana, RefineItem(item_id=sso, title="Okta SSO", kind=ItemKind.IMPROVEMENT))
    item = team.item(sso)
    assert (item.title, item.kind) == ("Okta SSO", ItemKind.IMPROVEMENT)
    then = team.last_decision()
    assert isinstance(then, ItemRefined)
    assert (then.title_before, then.title_after, then.kind_before, then.kind_after) == (
        "SSO login",
        "Okta SSO",
        "FEATURE",
        "IMPROVEMENT",
    )


@pytest.mark.parametrize(
    "fields", [{}, {"title": "SSO login"}, {"kind": ItemKind.FEATURE}, {"description": ""}]
)
def test_a_refinement_that_changes_nothing_is_bad_input(team: Team, fields: dict) -> None:  # type: ignore[type-arg]
    (sso,) = team.propose("SSO login")
    with rejects(team.app, InvalidInput, "changes nothing"):
        team.app.decide(team.ana, RefineItem(item_id=sso, **fields))


def test_a_done_item_rejected_goes_back_in_progress(team: Team) -> None:
    sso, _ = team.propose("SSO login", "Audit log")
    team.done(sso)
    team.app.decide(team.ana, RejectItem(item_id=sso, rationale="Fails on Safari"))
    assert team.item(sso).status is ItemStatus.IN_PROGRESS
    assert team.titles() == ["SSO login", "Audit log"]
    then = team.last_decision()
    assert isinstance(then, ItemRejected)
    assert (then.status_before, then.status_after, then.role) == (
        "DONE",
        "IN_PROGRESS",
        "PRODUCT_OWNER",
    )


def test_rejecting_needs_a_done_item_and_a_rationale(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, Conflict, "only a DONE item"):
        team.app.decide(team.ana, RejectItem(item_id=sso, rationale="No"))
    team.done(sso)
    with rejects(team.app, InvalidInput, "rationale"):
        team.app.decide(team.ana, RejectItem(item_id=sso, rationale=None))
    with rejects(team.app, Forbidden):
        team.app.decide(team.ben, RejectItem(item_id=sso, rationale="No"))


def test_a_dropped_item_is_restored_at_the_bottom(team: Team) -> None:
    sso, _ = team.propose("SSO login", "Audit log")
    team.dropped(sso)
    team.app.decide(team.ana, RestoreItem(item_id=sso, rationale="Customer came back"))
    assert team.titles() == ["Audit log", "SSO login"]
    assert team.item(sso).status is ItemStatus.PROPOSED
    then = team.last_decision()
    assert isinstance(then, ItemRestored) and then.rank_after == 2


def test_a_refined_and_estimated_item_is_restored_ready(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.ready(sso)
    team.dropped(sso)
    team.app.decide(team.ana, RestoreItem(item_id=sso, rationale="Back on"))
    assert team.item(sso).status is ItemStatus.READY
    team.app.decide(team.ben, EstimateItem(item_id=sso, points=5))


@pytest.mark.parametrize("state", ["propose", "accepted"])
def test_only_a_dropped_item_is_restored(team: Team, state: str) -> None:
    (sso,) = team.propose("SSO login")
    if state == "accepted":
        team.accepted(sso)
    with rejects(team.app, Conflict, "only a DROPPED item"):
        team.app.decide(team.ana, RestoreItem(item_id=sso, rationale="Back"))
