"""The risk register: raising, assessing, resolving and linking risks, on every backend."""

from __future__ import annotations

import uuid

import pytest

from domain import commands as c
from domain.commands import CreateProduct, GrantRole, ProposeItem
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.governance_events import RiskAssessed, RiskRaised, RiskResolved, risks_of
from domain.governance_vocabulary import RiskKind, RiskStatus
from domain.vocabulary import Role
from tests.given import Team, rejects


def raise_risk(team: Team, title: str = "Okta outage", **fields: object) -> str:
    values: dict[str, object] = {"likelihood": 2, "impact": 4, **fields}
    by = values.pop("by", team.ana)
    outcome = team.app.decide(
        by,  # type: ignore[arg-type]
        c.RaiseRisk(product_id=team.product_id, title=title, **values),  # type: ignore[arg-type]
    )
    (risk_id,) = [r for r in risks_of(team.product) if risks_of(team.product)[r]["title"] == title]
    assert outcome.version == team.product.version
    return risk_id


def test_product_owner_and_engineering_manager_raise_numbered_risks(team: Team) -> None:
    first = raise_risk(team, "Okta outage")
    second = raise_risk(team, "Cheaper hosting", by=team.ben, kind=RiskKind.OPPORTUNITY)
    risks = risks_of(team.product)
    assert (risks[first]["number"], risks[second]["number"]) == (1, 2)
    assert risks[second]["kind"] == "OPPORTUNITY"
    assert risks[first]["status"] == "OPEN"
    raised = team.last_decision()
    assert isinstance(raised, RiskRaised) and raised.role == "ENGINEERING_MANAGER"


@pytest.mark.parametrize("likelihood, impact", [(0, 3), (6, 3), (3, 0), (3, 6)])
def test_likelihood_and_impact_outside_one_to_five_are_bad_input(
    team: Team, likelihood: int, impact: int
) -> None:
    with rejects(team.app, InvalidInput, "from 1 to 5"):
        raise_risk(team, likelihood=likelihood, impact=impact)


def test_engineers_and_stakeholders_may_not_raise_risks(team: Team) -> None:
    for who in (team.cleo, team.dev, team.eve):
        with rejects(team.app, Forbidden):
            raise_risk(team, by=who)


def test_assessing_changes_likelihood_and_impact_and_needs_a_rationale(team: Team) -> None:
    risk = raise_risk(team)
    with rejects(team.app, InvalidInput):
        team.app.decide(team.ana, c.AssessRisk(risk_id=risk, likelihood=5, impact=5, rationale=" "))
    with rejects(team.app, Forbidden):
        team.app.decide(team.ben, c.AssessRisk(risk_id=risk, likelihood=5, impact=5, rationale="x"))
    with rejects(team.app, Conflict):
        team.app.decide(
            team.ana,
            c.AssessRisk(risk_id=risk, likelihood=5, impact=5, rationale="x", expected_version=7),
        )
    team.app.decide(
        team.ana,
        c.AssessRisk(risk_id=risk, likelihood=5, impact=3, rationale="Okta had two outages"),
    )
    assessed = team.last_decision()
    assert isinstance(assessed, RiskAssessed)
    assert (assessed.likelihood_before, assessed.impact_before) == (2, 4)
    assert risks_of(team.product)[risk]["version"] == 2


def test_resolving_closes_an_open_risk_once(team: Team) -> None:
    risk = raise_risk(team)
    with rejects(team.app, InvalidInput, "not OPEN"):
        team.app.decide(
            team.ana, c.ResolveRisk(risk_id=risk, status=RiskStatus.OPEN, rationale="x")
        )
    with rejects(team.app, InvalidInput):
        team.app.decide(
            team.ana, c.ResolveRisk(risk_id=risk, status=RiskStatus.REALIZED, rationale="")
        )
    team.app.decide(
        team.ana, c.ResolveRisk(risk_id=risk, status=RiskStatus.REALIZED, rationale="It happened")
    )
    assert isinstance(team.last_decision(), RiskResolved)
    assert risks_of(team.product)[risk]["status"] == "REALIZED"
    with rejects(team.app, Conflict):
        team.app.decide(
            team.ana, c.ResolveRisk(risk_id=risk, status=RiskStatus.DISMISSED, rationale="x")
        )
    with rejects(team.app, Conflict):
        team.app.decide(team.ana, c.AssessRisk(risk_id=risk, likelihood=1, impact=1, rationale="x"))


def test_risk_items_are_replaced_and_must_be_the_products(team: Team) -> None:
    sso, audit = team.propose("SSO login", "Audit log")
    risk = raise_risk(team, item_ids=[sso])
    team.app.decide(team.ben, c.SetRiskItems(risk_id=risk, item_ids=[audit, audit]))
    assert risks_of(team.product)[risk]["item_ids"] == [audit]
    with rejects(team.app, NotFound):
        team.app.decide(team.ben, c.SetRiskItems(risk_id=risk, item_ids=[str(uuid.uuid4())]))


def test_an_item_of_another_product_is_bad_input_if_visible_else_not_found(team: Team) -> None:
    admin = team.admin
    other = team.app.decide(admin, CreateProduct(name="Mobile", vision="Pocket")).product_id or ""
    team.app.decide(
        admin,
        GrantRole(product_id=other, member_id=team.ana.member_id or "", role=Role.PRODUCT_OWNER),
    )
    theirs = team.app.decide(team.ana, ProposeItem(product_id=other, title="Push")).item_id
    hidden = team.app.decide(admin, CreateProduct(name="Secret", vision="Hush")).product_id or ""
    team.app.decide(
        admin,
        GrantRole(product_id=hidden, member_id=team.eve.member_id or "", role=Role.PRODUCT_OWNER),
    )
    secret = team.app.decide(team.eve, ProposeItem(product_id=hidden, title="Hush")).item_id
    with rejects(team.app, InvalidInput, "another product"):
        raise_risk(team, item_ids=[theirs])
    with rejects(team.app, NotFound):
        raise_risk(team, item_ids=[secret])


def test_an_unknown_risk_is_not_found_and_an_item_id_is_no_risk(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    for risk_id in (str(uuid.uuid4()), sso):
        with rejects(team.app, NotFound):
            team.app.decide(
                team.ana, c.ResolveRisk(risk_id=risk_id, status=RiskStatus.MITIGATED, rationale="x")
            )
