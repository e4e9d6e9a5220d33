"""Architecture decisions: proposed, accepted, rejected and superseded, on every backend."""

from __future__ import annotations

import uuid

import pytest

from domain import commands as c
from domain.commands import CreateProduct, GrantRole
from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.governance_events import (
    ArchitectureDecisionAccepted,
    ArchitectureDecisionSuperseded,
    adrs_of,
)
from domain.vocabulary import Role
from tests.given import Team, rejects


def propose(team: Team, title: str = "Use PostgreSQL", **fields: object) -> str:
    values: dict[str, object] = {
        "context": "We need a durable store",
        "decision": "PostgreSQL 16",
        "consequences": "One more service to run",
        **fields,
    }
    by = values.pop("by", team.ben)
    team.app.decide(
        by,  # type: ignore[arg-type]
        c.ProposeArchitectureDecision(product_id=team.product_id, title=title, **values),  # type: ignore[arg-type]
    )
    return next(a for a, r in adrs_of(team.product).items() if r["title"] == title)


def accept(team: Team, adr: str) -> None:
    team.app.decide(team.ben, c.AcceptArchitectureDecision(architecture_decision_id=adr))


def test_engineering_manager_proposes_numbered_decisions(team: Team) -> None:
    first, second = propose(team, "Use PostgreSQL"), propose(team, "Use GraphQL")
    adrs = adrs_of(team.product)
    assert [adrs[first]["number"], adrs[second]["number"]] == [1, 2]
    assert adrs[first]["status"] == "PROPOSED"
    for who in (team.ana, team.cleo, team.dev, team.eve):
        with rejects(team.app, Forbidden):
            propose(team, "Use Mongo", by=who)


def test_accepting_and_rejecting_only_from_proposed(team: Team) -> None:
    pg, mongo = propose(team, "Use PostgreSQL"), propose(team, "Use Mongo")
    with rejects(team.app, InvalidInput):
        team.app.decide(
            team.ben, c.RejectArchitectureDecision(architecture_decision_id=mongo, rationale="")
        )
    team.app.decide(
        team.ben, c.RejectArchitectureDecision(architecture_decision_id=mongo, rationale="No joins")
    )
    accept(team, pg)
    assert adrs_of(team.product)[pg]["status"] == "ACCEPTED"
    assert adrs_of(team.product)[mongo]["status"] == "REJECTED"
    for adr in (pg, mongo):
        with rejects(team.app, Conflict):
            accept(team, adr)
        with rejects(team.app, Conflict):
            team.app.decide(
                team.ben, c.RejectArchitectureDecision(architecture_decision_id=adr, rationale="x")
            )
    with rejects(team.app, Forbidden):
        team.app.decide(team.ana, c.AcceptArchitectureDecision(architecture_decision_id=pg))


def test_superseding_records_two_decisions_and_answers_with_the_acceptance(team: Team) -> None:
    old = propose(team, "Use SQLite")
    accept(team, old)
    new = propose(team, "Use PostgreSQL", supersedes_id=old)
    assert adrs_of(team.product)[old]["status"] == "ACCEPTED"  # not until accepted
    outcome = team.app.decide(team.ben, c.AcceptArchitectureDecision(architecture_decision_id=new))
    accepted, superseded = team.events()[-2:]
    assert isinstance(accepted, ArchitectureDecisionAccepted)
    assert isinstance(superseded, ArchitectureDecisionSuperseded)
    assert outcome.version == accepted.originator_version
    assert superseded.architecture_decision_id == old and superseded.superseded_by_id == new
    adrs = adrs_of(team.product)
    assert (adrs[old]["status"], adrs[old]["superseded_by_id"]) == ("SUPERSEDED", new)
    assert (adrs[new]["status"], adrs[new]["supersedes_id"]) == ("ACCEPTED", old)


def test_only_an_accepted_decision_of_the_product_can_be_superseded(team: Team) -> None:
    proposed = propose(team, "Use SQLite")
    with rejects(team.app, Conflict):
        propose(team, "Use PostgreSQL", supersedes_id=proposed)
    with rejects(team.app, NotFound):
        propose(team, "Use PostgreSQL", supersedes_id=str(uuid.uuid4()))
    admin = team.admin
    other = team.app.decide(admin, CreateProduct(name="Mobile", vision="Pocket")).product_id or ""
    team.app.decide(
        admin,
        GrantRole(
            product_id=other, member_id=team.ben.member_id or "", role=Role.ENGINEERING_MANAGER
        ),
    )
    team.app.decide(
        team.ben,
        c.ProposeArchitectureDecision(
            product_id=other, title="Use Swift", context="iOS", decision="Swift", consequences=""
        ),
    )
    (theirs,) = adrs_of(team.app.product(other))
    with rejects(team.app, InvalidInput, "another product"):
        propose(team, "Use Kotlin", supersedes_id=theirs)


def test_a_successor_cannot_be_accepted_once_its_predecessor_is_superseded(team: Team) -> None:
    old = propose(team, "Use SQLite")
    accept(team, old)
    first, second = (propose(team, t, supersedes_id=old) for t in ("Use PostgreSQL", "Use MySQL"))
    accept(team, first)
    with rejects(team.app, Conflict):
        accept(team, second)


@pytest.mark.parametrize("kind", ["risk", "item"])
def test_an_id_that_names_no_architecture_decision_is_not_found(team: Team, kind: str) -> None:
    if kind == "item":
        (other,) = team.propose("SSO login")
    else:
        team.app.decide(
            team.ana, c.RaiseRisk(product_id=team.product_id, title="Okta", likelihood=1, impact=1)
        )
        other = next(iter(team.product.__dict__["governance_risks"]))
    with rejects(team.app, NotFound):
        accept(team, other)
