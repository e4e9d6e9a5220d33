"""Who may decide what: the permission matrix of every decision."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.actor import Actor
from domain.errors import Forbidden
from domain.ledger import Outcome
from domain.vocabulary import Role
from tests.given import Team, rejects

Attempt = Callable[[], Outcome]
Decision = Callable[[Team, Actor], Attempt]


# Each entry prepares the subject as its rightful deciders would (so the only
# thing that can go wrong is who tries), then returns the attempt itself.


def define_vision(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.define_vision(who, t.product_id, "Pairs ship faster", "Board review")


def set_goal(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.set_goal(who, t.product_id, "Halve onboarding", metric="days to 1st PR")


def prioritize_item(t: Team, who: Actor) -> Attempt:
    _, dark_mode = t.propose("SSO login", "Dark mode")
    return lambda: t.app.prioritize_item(who, dark_mode, 1, "Customers keep asking")


def refine_item(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.refine_item(who, sso, acceptance_criteria=["Works with Okta"])


def accept_item(t: Team, who: Actor) -> Attempt:
    sso = t.done(t.propose("SSO login")[0])
    return lambda: t.app.accept_item(who, sso, "Demoed on Friday")


def drop_item(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.drop_item(who, sso, "Superseded by passkeys")


def estimate_item(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.estimate_item(who, sso, 5, "Two services to touch")


def set_capacity(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.set_capacity(who, t.product_id, t.cleo.member_id or "", 60, "Support")


def assign_engineer(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.assign_engineer(who, sso, t.cleo.member_id or "", 50)


def unassign_engineer(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    t.app.assign_engineer(t.ben, sso, t.cleo.member_id or "", 50)
    return lambda: t.app.unassign_engineer(who, sso, t.cleo.member_id or "")


def start_item(t: Team, who: Actor) -> Attempt:
    sso = t.ready(t.propose("SSO login")[0])
    return lambda: t.app.start_item(who, sso)


def complete_item(t: Team, who: Actor) -> Attempt:
    sso = t.in_progress(t.propose("SSO login")[0])
    return lambda: t.app.complete_item(who, sso)


def propose_item(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.propose_item(who, t.product_id, "Dark mode")


PO_DECISIONS = [define_vision, set_goal, prioritize_item, refine_item, accept_item, drop_item]
EM_DECISIONS = [
    estimate_item,
    set_capacity,
    assign_engineer,
    unassign_engineer,
    start_item,
    complete_item,
]
OUTSIDERS = ["cleo", "dev", "eve", "admin"]  # engineer, stakeholder, no role, administrator


def by_name(decisions: list[Decision]) -> list[object]:
    return [pytest.param(d, id=d.__name__) for d in decisions]


@pytest.mark.parametrize("decision", by_name(PO_DECISIONS))
def test_product_owner_makes_product_owner_decisions(team: Team, decision: Decision) -> None:
    attempt = decision(team, team.ana)
    attempt()
    then = team.last_decision()
    assert (then.actor_id, then.role) == (team.ana.member_id, "PRODUCT_OWNER")


@pytest.mark.parametrize("who", ["ben", *OUTSIDERS])
@pytest.mark.parametrize("decision", by_name(PO_DECISIONS))
def test_nobody_else_makes_product_owner_decisions(
    team: Team, decision: Decision, who: str
) -> None:
    attempt = decision(team, getattr(team, who))
    with rejects(team.app, Forbidden):
        attempt()


@pytest.mark.parametrize("decision", by_name(EM_DECISIONS))
def test_engineering_manager_makes_engineering_manager_decisions(
    team: Team, decision: Decision
) -> None:
    attempt = decision(team, team.ben)
    attempt()
    then = team.last_decision()
    assert (then.actor_id, then.role) == (team.ben.member_id, "ENGINEERING_MANAGER")


@pytest.mark.parametrize("who", ["ana", *OUTSIDERS])
@pytest.mark.parametrize("decision", by_name(EM_DECISIONS))
def test_nobody_else_makes_engineering_manager_decisions(
    team: Team, decision: Decision, who: str
) -> None:
    attempt = decision(team, getattr(team, who))
    with rejects(team.app, Forbidden):
        attempt()


def test_engineering_manager_cannot_prioritize(team: Team) -> None:
    _, dark_mode = team.propose("SSO login", "Dark mode")
    with rejects(team.app, Forbidden, match="Product Owner"):
        team.app.prioritize_item(team.ben, dark_mode, 1, "Cheaper to build first")
    assert team.titles() == ["SSO login", "Dark mode"]


def test_product_owner_cannot_estimate(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, Forbidden, match="Engineering Manager"):
        team.app.estimate_item(team.ana, sso, 1, "Looks easy to me")
    assert team.item(sso).estimate is None


@pytest.mark.parametrize(
    ("who", "role"), [("ana", "PRODUCT_OWNER"), ("ben", "ENGINEERING_MANAGER")]
)
def test_product_owner_and_engineering_manager_both_propose_items(
    team: Team, who: str, role: str
) -> None:
    team.app.propose_item(getattr(team, who), team.product_id, "Dark mode")
    assert team.titles() == ["Dark mode"]
    assert team.last_decision().role == role


@pytest.mark.parametrize("who", OUTSIDERS)
def test_engineers_stakeholders_outsiders_and_the_administrator_cannot_propose(
    team: Team, who: str
) -> None:
    with rejects(team.app, Forbidden):
        team.app.propose_item(getattr(team, who), team.product_id, "Dark mode")


def test_a_member_of_another_product_is_forbidden_here(team: Team) -> None:
    other = team.app.create_product(team.admin, "Billing", "Invoices that add up").product_id
    team.app.grant_role(team.admin, other, team.eve.member_id or "", Role.PRODUCT_OWNER)
    with rejects(team.app, Forbidden, match="only members"):
        team.app.propose_item(team.eve, team.product_id, "Dark mode")


# -- a member holding both roles ---------------------------------------------


@pytest.fixture
def ana_also_manages(team: Team) -> Team:
    team.app.grant_role(
        team.admin, team.product_id, team.ana.member_id or "", Role.ENGINEERING_MANAGER
    )
    return team


def test_a_member_with_both_roles_proposes_as_product_owner(ana_also_manages: Team) -> None:
    team = ana_also_manages
    team.app.propose_item(team.ana, team.product_id, "Dark mode")
    assert team.last_decision().role == "PRODUCT_OWNER"


def test_a_member_with_both_roles_grants_as_product_owner(ana_also_manages: Team) -> None:
    team = ana_also_manages
    # As Engineering Manager she could grant ENGINEER only; as Product Owner, any role.
    team.app.grant_role(team.ana, team.product_id, team.eve.member_id or "", Role.STAKEHOLDER)
    assert team.last_decision().role == "PRODUCT_OWNER"


def test_a_member_with_both_roles_makes_manager_decisions_as_manager(
    ana_also_manages: Team,
) -> None:
    team = ana_also_manages
    (sso,) = team.propose("SSO login")
    team.app.estimate_item(team.ana, sso, 8, "Pairing with Ben's team")
    assert team.last_decision().role == "ENGINEERING_MANAGER"


# -- granting roles ----------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_administrator_grants_any_role_as_nobody(team: Team, role: Role) -> None:
    team.app.grant_role(team.admin, team.product_id, team.eve.member_id or "", role)
    then = team.last_decision()
    assert (then.granted, then.actor_id, then.role) == (role.value, None, None)
    assert team.product.roles_of(team.eve.member_id) == [role]


@pytest.mark.parametrize("role", list(Role))
def test_product_owner_grants_any_role(team: Team, role: Role) -> None:
    team.app.grant_role(team.ana, team.product_id, team.eve.member_id or "", role)
    then = team.last_decision()
    assert (then.granted, then.actor_id, then.role) == (
        role.value,
        team.ana.member_id,
        "PRODUCT_OWNER",
    )


def test_engineering_manager_grants_the_engineer_role(team: Team) -> None:
    team.app.grant_role(team.ben, team.product_id, team.eve.member_id or "", Role.ENGINEER)
    assert team.last_decision().role == "ENGINEERING_MANAGER"
    assert team.product.roles_of(team.eve.member_id) == [Role.ENGINEER]


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ENGINEER])
def test_engineering_manager_grants_no_other_role(team: Team, role: Role) -> None:
    with rejects(team.app, Forbidden, match="ENGINEER role only"):
        team.app.grant_role(team.ben, team.product_id, team.eve.member_id or "", role)


@pytest.mark.parametrize("who", ["cleo", "dev", "eve"])
def test_engineers_stakeholders_and_outsiders_grant_no_role(team: Team, who: str) -> None:
    with rejects(team.app, Forbidden):
        team.app.grant_role(
            getattr(team, who), team.product_id, team.eve.member_id or "", Role.ENGINEER
        )


def test_a_member_may_hold_several_roles(team: Team) -> None:
    team.app.grant_role(team.ana, team.product_id, team.cleo.member_id or "", Role.STAKEHOLDER)
    assert team.product.roles_of(team.cleo.member_id) == [Role.ENGINEER, Role.STAKEHOLDER]


# -- administration ----------------------------------------------------------


@pytest.mark.parametrize("who", ["ana", "ben"])
def test_only_the_administrator_registers_members_and_creates_products(
    team: Team, who: str
) -> None:
    member = getattr(team, who)
    with rejects(team.app, Forbidden):
        team.app.register_member(member, "Finn", "finn@tandem.example")
    with rejects(team.app, Forbidden):
        team.app.create_product(member, "Billing", "Invoices that add up")
