"""Revoking roles, stakeholders' requests, engineers starting and completing their own
work: the lifecycle header's rules on every backend; refusals record nothing."""

from __future__ import annotations

import pytest

from domain.actor import Actor
from domain.commands import (
    AssignEngineer,
    CompleteItem,
    GrantRole,
    RequestItem,
    RevokeRole,
    StartItem,
)
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.lifecycle_events import ItemRequested, RoleRevoked
from domain.product_events import ItemCompleted, ItemStarted
from domain.vocabulary import ItemStatus, Role
from tests.given import Team, rejects


def mid(actor: Actor) -> str:
    return actor.member_id or ""


def revoke(team: Team, by: Actor, who: Actor, role: Role, why: str | None = "Made by mistake"):
    return team.app.decide(
        by, RevokeRole(product_id=team.product_id, member_id=mid(who), role=role, rationale=why)
    )


def test_product_owner_revokes_a_role_and_the_member_leaves_the_product(team: Team) -> None:
    revoke(team, team.ana, team.cleo, Role.ENGINEER)
    assert mid(team.cleo) not in team.product.roles
    then = team.last_decision()
    assert isinstance(then, RoleRevoked)
    assert (then.member_id, then.revoked, then.role, then.rationale) == (
        mid(team.cleo),
        "ENGINEER",
        "PRODUCT_OWNER",
        "Made by mistake",
    )


def test_a_revoked_member_may_no_longer_decide(team: Team) -> None:
    revoke(team, team.ana, team.dev, Role.STAKEHOLDER)
    with rejects(team.app, Forbidden):
        team.app.decide(team.dev, RequestItem(product_id=team.product_id, title="X", rationale="Y"))


def test_revoking_one_of_two_roles_keeps_the_other(team: Team) -> None:
    team.app.decide(
        team.ana,
        GrantRole(product_id=team.product_id, member_id=mid(team.cleo), role=Role.STAKEHOLDER),
    )
    revoke(team, team.ana, team.cleo, Role.ENGINEER)
    assert team.product.roles[mid(team.cleo)] == ["STAKEHOLDER"]


def test_administrator_revokes_and_is_recorded_without_a_role(team: Team) -> None:
    revoke(team, team.admin, team.dev, Role.STAKEHOLDER)
    assert team.last_decision().actor_id is None and team.last_decision().role is None


def test_revoking_a_role_not_held_records_nothing(team: Team) -> None:
    before = team.product.version
    outcome = revoke(team, team.ana, team.cleo, Role.STAKEHOLDER)
    assert team.product.version == before and outcome.version is None


def test_revoking_needs_a_rationale(team: Team) -> None:
    with rejects(team.app, InvalidInput, "rationale"):
        revoke(team, team.ana, team.cleo, Role.ENGINEER, why="  ")


def test_the_last_product_owner_cannot_be_revoked(team: Team) -> None:
    with rejects(team.app, Conflict, "last Product Owner"):
        revoke(team, team.ana, team.ana, Role.PRODUCT_OWNER)
    team.app.decide(
        team.admin,
        GrantRole(product_id=team.product_id, member_id=mid(team.ben), role=Role.PRODUCT_OWNER),
    )
    revoke(team, team.ben, team.ana, Role.PRODUCT_OWNER)
    assert mid(team.ana) not in team.product.roles


def test_engineering_manager_may_revoke_engineer_only(team: Team) -> None:
    with rejects(team.app, Forbidden, "ENGINEER role only"):
        revoke(team, team.ben, team.dev, Role.STAKEHOLDER)
    revoke(team, team.ben, team.cleo, Role.ENGINEER)
    assert team.last_decision().role == "ENGINEERING_MANAGER"


@pytest.mark.parametrize("who", ["cleo", "dev", "eve"])
def test_only_owner_manager_or_administrator_revoke(team: Team, who: str) -> None:
    with rejects(team.app, Forbidden):
        revoke(team, getattr(team, who), team.ben, Role.ENGINEERING_MANAGER)


def test_a_stakeholder_requests_an_item_at_the_bottom(team: Team) -> None:
    team.propose("SSO login")
    outcome = team.app.decide(
        team.dev,
        RequestItem(product_id=team.product_id, title="Export CSV", rationale="Finance asks"),
    )
    item = team.item(outcome.item_id or "")
    assert (item.title, item.status, item.requested_by) == (
        "Export CSV",
        ItemStatus.PROPOSED,
        mid(team.dev),
    )
    assert team.titles() == ["SSO login", "Export CSV"]
    then = team.last_decision()
    assert isinstance(then, ItemRequested) and then.role == "STAKEHOLDER" and then.rank == 2


@pytest.mark.parametrize("who", ["ana", "ben", "cleo"])
def test_any_member_holding_a_role_may_request(team: Team, who: str) -> None:
    actor = getattr(team, who)
    outcome = team.app.decide(
        actor, RequestItem(product_id=team.product_id, title="Dark mode", rationale="Eyes")
    )
    assert team.item(outcome.item_id or "").requested_by == mid(actor)


def test_a_request_needs_a_rationale_and_a_member(team: Team) -> None:
    with rejects(team.app, InvalidInput, "rationale"):
        team.app.decide(
            team.dev, RequestItem(product_id=team.product_id, title="X", rationale=None)
        )
    with rejects(team.app, Forbidden):
        team.app.decide(team.eve, RequestItem(product_id=team.product_id, title="X", rationale="Y"))


def test_assigned_engineer_starts_and_completes_as_engineer(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.ready(sso)
    team.app.decide(team.ben, AssignEngineer(item_id=sso, member_id=mid(team.cleo), percent=50))
    team.app.decide(team.cleo, StartItem(item_id=sso))
    started = team.last_decision()
    assert isinstance(started, ItemStarted) and started.role == "ENGINEER"
    team.app.decide(team.cleo, CompleteItem(item_id=sso))
    completed = team.last_decision()
    assert isinstance(completed, ItemCompleted) and completed.role == "ENGINEER"
    assert team.item(sso).status is ItemStatus.DONE


def test_an_engineer_not_assigned_may_not_start(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.ready(sso)
    with rejects(team.app, Forbidden, "assigned"):
        team.app.decide(team.cleo, StartItem(item_id=sso))


def test_the_engineering_manager_still_starts_any_item(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.in_progress(sso)
    assert team.last_decision().role == "ENGINEERING_MANAGER"
