"""Who may decide what: the permission matrix of every decision."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.actor import Actor
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    CreateProduct,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    SetCapacity,
    SetGoal,
    StartItem,
    UnassignEngineer,
)
from domain.errors import Forbidden
from domain.outcome import Outcome
from domain.vocabulary import Role
from tests.given import Team, rejects

Attempt = Callable[[], Outcome]
Decision = Callable[[Team, Actor], Attempt]


# Each entry prepares the subject as its rightful deciders would (so the only
# thing that can go wrong is who tries), then returns the attempt itself.


def define_vision(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.decide(
        who,
        DefineVision(product_id=t.product_id, vision="Pairs ship faster", rationale="Board review"),
    )


def set_goal(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.decide(
        who, SetGoal(product_id=t.product_id, title="Halve onboarding", metric="days to 1st PR")
    )


def prioritize_item(t: Team, who: Actor) -> Attempt:
    _, dark_mode = t.propose("SSO login", "Dark mode")
    return lambda: t.app.decide(
        who, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers keep asking")
    )


def refine_item(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.decide(
        who, RefineItem(item_id=sso, acceptance_criteria=["Works with Okta"])
    )


def accept_item(t: Team, who: Actor) -> Attempt:
    sso = t.done(t.propose("SSO login")[0])
    return lambda: t.app.decide(who, AcceptItem(item_id=sso, rationale="Demoed on Friday"))


def drop_item(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.decide(who, DropItem(item_id=sso, rationale="Superseded by passkeys"))


def estimate_item(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.decide(
        who, EstimateItem(item_id=sso, points=5, rationale="Two services to touch")
    )


def set_capacity(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.decide(
        who,
        SetCapacity(
            product_id=t.product_id,
            member_id=t.cleo.member_id or "",
            percent=60,
            rationale="Support",
        ),
    )


def assign_engineer(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    return lambda: t.app.decide(
        who, AssignEngineer(item_id=sso, member_id=t.cleo.member_id or "", percent=50)
    )


def unassign_engineer(t: Team, who: Actor) -> Attempt:
    (sso,) = t.propose("SSO login")
    t.app.decide(t.ben, AssignEngineer(item_id=sso, member_id=t.cleo.member_id or "", percent=50))
    return lambda: t.app.decide(
        who, UnassignEngineer(item_id=sso, member_id=t.cleo.member_id or "")
    )


def start_item(t: Team, who: Actor) -> Attempt:
    sso = t.ready(t.propose("SSO login")[0])
    return lambda: t.app.decide(who, StartItem(item_id=sso))


def complete_item(t: Team, who: Actor) -> Attempt:
    sso = t.in_progress(t.propose("SSO login")[0])
    return lambda: t.app.decide(who, CompleteItem(item_id=sso))


def propose_item(t: Team, who: Actor) -> Attempt:
    return lambda: t.app.decide(who, ProposeItem(product_id=t.product_id, title="Dark mode"))


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
        team.app.decide(
            team.ben, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Cheaper to build first")
        )
    assert team.titles() == ["SSO login", "Dark mode"]


def test_product_owner_cannot_estimate(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, Forbidden, match="Engineering Manager"):
        team.app.decide(team.ana, EstimateItem(item_id=sso, points=1, rationale="Looks easy to me"))
    assert team.item(sso).estimate is None


@pytest.mark.parametrize(
    ("who", "role"), [("ana", "PRODUCT_OWNER"), ("ben", "ENGINEERING_MANAGER")]
)
def test_product_owner_and_engineering_manager_both_propose_items(
    team: Team, who: str, role: str
) -> None:
    team.app.decide(getattr(team, who), ProposeItem(product_id=team.product_id, title="Dark mode"))
    assert team.titles() == ["Dark mode"]
    assert team.last_decision().role == role


@pytest.mark.parametrize("who", OUTSIDERS)
def test_engineers_stakeholders_outsiders_and_the_administrator_cannot_propose(
    team: Team, who: str
) -> None:
    with rejects(team.app, Forbidden):
        team.app.decide(
            getattr(team, who), ProposeItem(product_id=team.product_id, title="Dark mode")
        )


def test_a_member_of_another_product_is_forbidden_here(team: Team) -> None:
    other = team.app.decide(
        team.admin, CreateProduct(name="Billing", vision="Invoices that add up")
    ).product_id
    team.app.decide(
        team.admin,
        GrantRole(product_id=other, member_id=team.eve.member_id or "", role=Role.PRODUCT_OWNER),
    )
    with rejects(team.app, Forbidden, match="only members"):
        team.app.decide(team.eve, ProposeItem(product_id=team.product_id, title="Dark mode"))


# -- a member holding both roles ---------------------------------------------


@pytest.fixture
def ana_also_manages(team: Team) -> Team:
    team.app.decide(
        team.admin,
        GrantRole(
            product_id=team.product_id,
            member_id=team.ana.member_id or "",
            role=Role.ENGINEERING_MANAGER,
        ),
    )
    return team


def test_a_member_with_both_roles_proposes_as_product_owner(ana_also_manages: Team) -> None:
    team = ana_also_manages
    team.app.decide(team.ana, ProposeItem(product_id=team.product_id, title="Dark mode"))
    assert team.last_decision().role == "PRODUCT_OWNER"


def test_a_member_with_both_roles_grants_as_product_owner(ana_also_manages: Team) -> None:
    team = ana_also_manages
    # As Engineering Manager she could grant ENGINEER only; as Product Owner, any role.
    team.app.decide(
        team.ana,
        GrantRole(
            product_id=team.product_id, member_id=team.eve.member_id or "", role=Role.STAKEHOLDER
        ),
    )
    assert team.last_decision().role == "PRODUCT_OWNER"


def test_a_member_with_both_roles_makes_manager_decisions_as_manager(
    ana_also_manages: Team,
) -> None:
    team = ana_also_manages
    (sso,) = team.propose("SSO login")
    team.app.decide(
        team.ana, EstimateItem(item_id=sso, points=8, rationale="Pairing with Ben's team")
    )
    assert team.last_decision().role == "ENGINEERING_MANAGER"


# -- granting roles ----------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_administrator_grants_any_role_as_nobody(team: Team, role: Role) -> None:
    team.app.decide(
        team.admin,
        GrantRole(product_id=team.product_id, member_id=team.eve.member_id or "", role=role),
    )
    then = team.last_decision()
    assert (then.granted, then.actor_id, then.role) == (role.value, None, None)
    assert team.product.roles_of(team.eve.member_id) == [role]


@pytest.mark.parametrize("role", list(Role))
def test_product_owner_grants_any_role(team: Team, role: Role) -> None:
    team.app.decide(
        team.ana,
        GrantRole(product_id=team.product_id, member_id=team.eve.member_id or "", role=role),
    )
    then = team.last_decision()
    assert (then.granted, then.actor_id, then.role) == (
        role.value,
        team.ana.member_id,
        "PRODUCT_OWNER",
    )


def test_engineering_manager_grants_the_engineer_role(team: Team) -> None:
    team.app.decide(
        team.ben,
        GrantRole(
            product_id=team.product_id, member_id=team.eve.member_id or "", role=Role.ENGINEER
        ),
    )
    assert team.last_decision().role == "ENGINEERING_MANAGER"
    assert team.product.roles_of(team.eve.member_id) == [Role.ENGINEER]


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ENGINEER])
def test_engineering_manager_grants_no_other_role(team: Team, role: Role) -> None:
    with rejects(team.app, Forbidden, match="ENGINEER role only"):
        team.app.decide(
            team.ben,
            GrantRole(product_id=team.product_id, member_id=team.eve.member_id or "", role=role),
        )


@pytest.mark.parametrize("who", ["cleo", "dev", "eve"])
def test_engineers_stakeholders_and_outsiders_grant_no_role(team: Team, who: str) -> None:
    with rejects(team.app, Forbidden):
        team.app.decide(
            getattr(team, who),
            GrantRole(
                product_id=team.product_id, member_id=team.eve.member_id or "", role=Role.ENGINEER
            ),
        )


def test_a_member_may_hold_several_roles(team: Team) -> None:
    team.app.decide(
        team.ana,
        GrantRole(
            product_id=team.product_id, member_id=team.cleo.member_id or "", role=Role.STAKEHOLDER
        ),
    )
    assert team.product.roles_of(team.cleo.member_id) == [Role.ENGINEER, Role.STAKEHOLDER]


# -- administration ----------------------------------------------------------


@pytest.mark.parametrize("who", ["ana", "ben"])
def test_only_the_administrator_registers_members_and_creates_products(
    team: Team, who: str
) -> None:
    member = getattr(team, who)
    with rejects(team.app, Forbidden):
        team.app.decide(member, RegisterMember(name="Finn", email="finn@tandem.example"))
    with rejects(team.app, Forbidden):
        team.app.decide(member, CreateProduct(name="Billing", vision="Invoices that add up"))
