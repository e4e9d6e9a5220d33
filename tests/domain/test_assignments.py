"""Assignments and capacity: the Engineering Manager's allocation of people."""

from __future__ import annotations

import uuid

import pytest

from domain.commands import AssignEngineer, SetCapacity, UnassignEngineer
from domain.errors import Conflict, InvalidInput, NotFound
from domain.product_events import EngineerAssigned, EngineerUnassigned
from tests.given import Team, rejects


def cleo(team: Team) -> str:
    return team.cleo.member_id or ""


@pytest.mark.parametrize("percent", [1, 50, 100])
def test_engineering_manager_assigns_an_engineer_for_a_share_of_her_time(
    team: Team, percent: int
) -> None:
    (sso,) = team.propose("SSO login")
    team.app.decide(
        team.ben,
        AssignEngineer(
            item_id=sso, member_id=cleo(team), percent=percent, rationale="She built the Okta spike"
        ),
    )
    assert team.item(sso).assignments == {cleo(team): percent}
    then = team.last_decision()
    assert isinstance(then, EngineerAssigned)
    assert (then.member_id, then.percent_before, then.percent) == (cleo(team), None, percent)
    assert then.rationale == "She built the Okta spike"


def test_assigning_again_changes_the_share_and_records_the_old_one(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.app.decide(team.ben, AssignEngineer(item_id=sso, member_id=cleo(team), percent=50))
    team.app.decide(
        team.ben,
        AssignEngineer(
            item_id=sso, member_id=cleo(team), percent=80, rationale="Deadline moved up"
        ),
    )
    assert team.item(sso).assignments == {cleo(team): 80}
    then = team.last_decision()
    assert (then.percent_before, then.percent) == (50, 80)


@pytest.mark.parametrize("percent", [0, 101, -5, 1_000])
def test_a_share_outside_1_to_100_percent_is_invalid(team: Team, percent: int) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, InvalidInput, match="percent"):
        team.app.decide(
            team.ben, AssignEngineer(item_id=sso, member_id=cleo(team), percent=percent)
        )
    assert team.item(sso).assignments == {}


@pytest.mark.parametrize("percent", [50.5, True, "50"])
def test_a_share_that_is_not_a_whole_number_is_invalid(team: Team, percent: object) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, InvalidInput, match="percent"):
        team.app.decide(
            team.ben, AssignEngineer(item_id=sso, member_id=cleo(team), percent=percent)
        )  # type: ignore[arg-type]


def test_assigning_a_member_without_a_role_on_the_product_is_invalid(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, InvalidInput, match="holds no role"):
        team.app.decide(
            team.ben, AssignEngineer(item_id=sso, member_id=team.eve.member_id or "", percent=50)
        )


def test_any_role_on_the_product_makes_a_member_assignable(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.app.decide(
        team.ben,
        AssignEngineer(
            item_id=sso, member_id=team.dev.member_id or "", percent=10, rationale="Domain expert"
        ),
    )
    assert team.item(sso).assignments == {team.dev.member_id: 10}


def test_assigning_an_unknown_member_is_not_found(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, NotFound):
        team.app.decide(
            team.ben, AssignEngineer(item_id=sso, member_id=str(uuid.uuid4()), percent=50)
        )


def test_over_allocation_is_allowed(team: Team) -> None:
    sso, dark_mode = team.propose("SSO login", "Dark mode")
    team.app.decide(
        team.ben,
        SetCapacity(
            product_id=team.product_id,
            member_id=cleo(team),
            percent=50,
            rationale="Half on support",
        ),
    )
    team.app.decide(team.ben, AssignEngineer(item_id=sso, member_id=cleo(team), percent=80))
    team.app.decide(team.ben, AssignEngineer(item_id=dark_mode, member_id=cleo(team), percent=60))
    assert team.item(sso).assignments[cleo(team)] == 80
    assert team.item(dark_mode).assignments[cleo(team)] == 60


def test_unassigning_frees_the_engineer_and_records_her_old_share(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.app.decide(team.ben, AssignEngineer(item_id=sso, member_id=cleo(team), percent=40))
    team.app.decide(
        team.ben, UnassignEngineer(item_id=sso, member_id=cleo(team), rationale="Needed on billing")
    )
    assert team.item(sso).assignments == {}
    then = team.last_decision()
    assert isinstance(then, EngineerUnassigned)
    assert (then.member_id, then.percent_before, then.rationale) == (
        cleo(team),
        40,
        "Needed on billing",
    )


def test_unassigning_someone_who_is_not_assigned_is_a_conflict(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, Conflict, match="not assigned"):
        team.app.decide(team.ben, UnassignEngineer(item_id=sso, member_id=cleo(team)))


@pytest.mark.parametrize("status", ["accepted", "dropped"])
def test_nobody_is_assigned_to_an_accepted_or_dropped_item(team: Team, status: str) -> None:
    (sso,) = team.propose("SSO login")
    getattr(team, status)(sso)
    with rejects(team.app, Conflict):
        team.app.decide(team.ben, AssignEngineer(item_id=sso, member_id=cleo(team), percent=50))


# -- capacity ------------------------------------------------------------------


@pytest.mark.parametrize("percent", [0, 60, 100])
def test_engineering_manager_sets_a_members_capacity(team: Team, percent: int) -> None:
    team.app.decide(
        team.ben,
        SetCapacity(
            product_id=team.product_id,
            member_id=cleo(team),
            percent=percent,
            rationale="Support rota",
        ),
    )
    assert team.product.capacities == {cleo(team): percent}
    then = team.last_decision()
    assert (then.member_id, then.before, then.after) == (cleo(team), 100, percent)


def test_capacity_records_the_previous_value(team: Team) -> None:
    team.app.decide(
        team.ben, SetCapacity(product_id=team.product_id, member_id=cleo(team), percent=60)
    )
    team.app.decide(
        team.ben,
        SetCapacity(
            product_id=team.product_id, member_id=cleo(team), percent=40, rationale="Parental leave"
        ),
    )
    assert (team.last_decision().before, team.last_decision().after) == (60, 40)


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_a_capacity_outside_0_to_100_is_invalid(team: Team, percent: int) -> None:
    with rejects(team.app, InvalidInput, match="percent"):
        team.app.decide(
            team.ben, SetCapacity(product_id=team.product_id, member_id=cleo(team), percent=percent)
        )


def test_a_capacity_for_a_member_without_a_role_is_invalid(team: Team) -> None:
    with rejects(team.app, InvalidInput, match="holds no role"):
        team.app.decide(
            team.ben,
            SetCapacity(product_id=team.product_id, member_id=team.eve.member_id or "", percent=50),
        )
