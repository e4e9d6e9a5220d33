"""Malformed or out-of-range values, unknown and malformed ids: typed errors, nothing recorded."""

from __future__ import annotations

import math
import uuid
from datetime import datetime

import pytest

from domain.commands import (
    AcceptItem,
    AssignEngineer,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    SetCapacity,
    SetGoal,
    StartItem,
)
from domain.errors import Conflict, InvalidInput, NotFound
from domain.product_events import RoleGranted
from domain.vocabulary import Role
from tests.given import Team, rejects


@pytest.mark.parametrize("title", ["", "   ", "x" * 201, "SSO\x00login"])
def test_a_title_that_is_empty_too_long_or_binary_is_invalid(team: Team, title: str) -> None:
    with rejects(team.app, InvalidInput, match="title"):
        team.app.decide(team.ana, ProposeItem(product_id=team.product_id, title=title))


def test_a_title_of_200_characters_is_fine_and_kept_without_surrounding_spaces(
    team: Team,
) -> None:
    title = "S" * 200
    team.app.decide(team.ana, ProposeItem(product_id=team.product_id, title=f"  {title}  "))
    assert team.titles() == [title]


def test_a_goal_needs_a_title_and_a_target_date_with_an_offset(team: Team) -> None:
    with rejects(team.app, InvalidInput, match="title"):
        team.app.decide(team.ana, SetGoal(product_id=team.product_id, title=" "))
    with rejects(team.app, InvalidInput, match="UTC offset"):
        team.app.decide(
            team.ana,
            SetGoal(product_id=team.product_id, title="Ship SSO", target_date=datetime(2027, 1, 1)),
        )


@pytest.mark.parametrize("rank", [0, -1, -(2**40)])
def test_a_rank_below_1_is_invalid(team: Team, rank: int) -> None:
    sso, _ = team.propose("SSO login", "Dark mode")
    with rejects(team.app, InvalidInput, match="rank"):
        team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=rank, rationale="Top it"))


@pytest.mark.parametrize(
    "points", [-1, -0.5, math.nan, math.inf, -math.inf, 1_000.5, 1e12, True, "3"]
)
def test_a_negative_absurd_or_non_numeric_estimate_is_invalid(team: Team, points: object) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, InvalidInput, match="points"):
        team.app.decide(team.ben, EstimateItem(item_id=sso, points=points))  # type: ignore[arg-type]
    assert team.item(sso).estimate is None


@pytest.mark.parametrize("points", [0, 0.5, 13, 1_000])
def test_an_estimate_from_0_to_1000_points_is_recorded(team: Team, points: float) -> None:
    (sso,) = team.propose("SSO login")
    team.app.decide(team.ben, EstimateItem(item_id=sso, points=points))
    assert team.item(sso).estimate == points
    assert (team.last_decision().points_before, team.last_decision().points_after) == (None, points)


@pytest.mark.parametrize("decision", ["prioritize", "define_vision", "drop"])
@pytest.mark.parametrize("rationale", [None, "", "  "])
def test_decisions_that_need_a_rationale_reject_a_missing_one(
    team: Team, decision: str, rationale: str | None
) -> None:
    sso, _ = team.propose("SSO login", "Dark mode")
    attempts = {
        "prioritize": lambda: team.app.decide(
            team.ana, PrioritizeItem(item_id=sso, rank=2, rationale=rationale)
        ),
        "define_vision": lambda: team.app.decide(
            team.ana, DefineVision(product_id=team.product_id, vision="New", rationale=rationale)
        ),
        "drop": lambda: team.app.decide(team.ana, DropItem(item_id=sso, rationale=rationale)),
    }
    with rejects(team.app, InvalidInput, match="rationale"):
        attempts[decision]()


def test_an_over_long_rationale_is_invalid(team: Team) -> None:
    sso, _ = team.propose("SSO login", "Dark mode")
    with rejects(team.app, InvalidInput, match="rationale"):
        team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=2, rationale="because " * 300))


def test_too_many_or_empty_acceptance_criteria_are_invalid(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, InvalidInput, match="acceptance criteria"):
        team.app.decide(team.ana, RefineItem(item_id=sso, acceptance_criteria=["Works"] * 51))
    with rejects(team.app, InvalidInput, match="acceptance criterion"):
        team.app.decide(
            team.ana, RefineItem(item_id=sso, acceptance_criteria=["Works with Okta", " "])
        )


# -- ids -----------------------------------------------------------------------

UNKNOWN = "5b0f3f5e-0000-4000-8000-000000000000"


def test_unknown_ids_are_not_found(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    app, ana, ben, cleo = team.app, team.ana, team.ben, team.cleo.member_id or ""
    with rejects(app, NotFound):
        app.decide(ana, ProposeItem(product_id=UNKNOWN, title="Dark mode"))
    with rejects(app, NotFound):
        app.decide(ana, PrioritizeItem(item_id=UNKNOWN, rank=1, rationale="Top it"))
    with rejects(app, NotFound):
        app.decide(ben, StartItem(item_id=UNKNOWN))
    with rejects(app, NotFound):
        app.decide(
            team.admin, GrantRole(product_id=team.product_id, member_id=UNKNOWN, role=Role.ENGINEER)
        )
    with rejects(app, NotFound):
        app.decide(team.admin, GrantRole(product_id=UNKNOWN, member_id=cleo, role=Role.ENGINEER))
    with rejects(app, NotFound):
        app.decide(ben, SetCapacity(product_id=team.product_id, member_id=UNKNOWN, percent=50))
    with rejects(app, NotFound):
        app.decide(ben, AssignEngineer(item_id=sso, member_id=UNKNOWN, percent=50))


def test_ids_of_the_wrong_kind_are_not_found(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, NotFound):
        team.app.decide(
            team.ana,
            PrioritizeItem(item_id=team.product_id, rank=1, rationale="A product is no item"),
        )
    with rejects(team.app, NotFound):
        team.app.decide(team.ana, ProposeItem(product_id=sso, title="An item is no product"))
    with rejects(team.app, NotFound):
        team.app.decide(
            team.ana,
            DefineVision(
                product_id=team.ana.member_id or "", vision="A member is no product", rationale="?"
            ),
        )


@pytest.mark.parametrize("bad_id", ["", "sso-login", "42", "5b0f3f5e-0000-4000-8000"])
def test_malformed_ids_are_invalid(team: Team, bad_id: str) -> None:
    (sso,) = team.propose("SSO login")
    app, ana, ben = team.app, team.ana, team.ben
    with rejects(app, InvalidInput, match="not a valid id"):
        app.decide(ana, ProposeItem(product_id=bad_id, title="Dark mode"))
    with rejects(app, InvalidInput, match="not a valid id"):
        app.decide(ana, PrioritizeItem(item_id=bad_id, rank=1, rationale="Top it"))
    with rejects(app, InvalidInput, match="not a valid id"):
        app.decide(ben, AssignEngineer(item_id=sso, member_id=bad_id, percent=50))
    with rejects(app, InvalidInput, match="not a valid id"):
        app.decide(
            team.admin, GrantRole(product_id=team.product_id, member_id=bad_id, role=Role.ENGINEER)
        )


def test_an_upper_case_id_names_the_same_item(team: Team) -> None:
    _, dark_mode = team.propose("SSO login", "Dark mode")
    team.app.decide(
        team.ana,
        PrioritizeItem(item_id=dark_mode.upper(), rank=1, rationale="Customers keep asking"),
    )
    assert team.titles() == ["Dark mode", "SSO login"]


def test_a_fresh_random_id_is_not_found_not_invalid(team: Team) -> None:
    with rejects(team.app, NotFound):
        team.app.decide(team.ana, AcceptItem(item_id=str(uuid.uuid4())))


# -- expected versions ---------------------------------------------------------


def test_prioritizing_against_a_stale_backlog_version_is_a_conflict(team: Team) -> None:
    sso, dark_mode = team.propose("SSO login", "Dark mode")
    seen = team.product.backlog_version
    team.app.decide(
        team.ana,
        PrioritizeItem(
            item_id=dark_mode, rank=1, rationale="Customers keep asking", expected_version=seen
        ),
    )
    with rejects(team.app, Conflict, match="backlog"):
        team.app.decide(
            team.ana,
            PrioritizeItem(item_id=sso, rank=1, rationale="Okta deal", expected_version=seen),
        )
    assert team.titles() == ["Dark mode", "SSO login"]


def test_deciding_on_a_stale_item_version_is_a_conflict(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    seen = team.item(sso).version
    team.app.decide(
        team.ana, RefineItem(item_id=sso, description="Okta first", expected_version=seen)
    )
    with rejects(team.app, Conflict, match="item"):
        team.app.decide(team.ben, EstimateItem(item_id=sso, points=3, expected_version=seen))
    team.app.decide(team.ben, EstimateItem(item_id=sso, points=3, expected_version=seen + 1))
    assert team.item(sso).version == seen + 2


# -- granting a role already held ----------------------------------------------


def test_granting_a_role_already_held_records_nothing(team: Team) -> None:
    before = team.app.recorder.max_notification_id()
    outcome = team.app.decide(
        team.ana,
        GrantRole(
            product_id=team.product_id, member_id=team.cleo.member_id or "", role=Role.ENGINEER
        ),
    )
    assert team.app.recorder.max_notification_id() == before
    assert (outcome.version, outcome.position) == (None, None)
    granted = [e for e in team.events() if isinstance(e, RoleGranted)]
    assert len(granted) == 4  # Ana, Ben, Cleo, Dev when the team gathered


def test_rejected_decisions_leave_the_cached_product_untouched(team: Team) -> None:
    _, dark_mode = team.propose("SSO login", "Dark mode")
    version = team.product.version
    with rejects(team.app, Conflict):
        team.app.decide(
            team.ana,
            PrioritizeItem(item_id=dark_mode, rank=1, rationale="Stale", expected_version=1),
        )
    assert team.product.version == version
    assert team.titles() == ["SSO login", "Dark mode"]


def test_an_upper_case_product_id_names_the_same_product(team: Team) -> None:
    team.app.decide(team.ana, ProposeItem(product_id=team.product_id.upper(), title="SSO login"))
    team.app.decide(
        team.ana,
        GrantRole(
            product_id="{" + team.product_id.upper() + "}",
            member_id=team.eve.member_id or "",
            role=Role.ENGINEER,
        ),
    )
    assert team.titles() == ["SSO login"]
    assert team.product.roles_of(team.eve.member_id) == [Role.ENGINEER]
