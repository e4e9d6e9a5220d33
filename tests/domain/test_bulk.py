"""Bulk recording: decisions checked one by one, saved together or not at all."""

from __future__ import annotations

import pytest

from domain.bulk import Batch
from domain.commands import (
    CreateProduct,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    StartItem,
)
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.vocabulary import Role
from tests.backends import database_url
from tests.given import Team, open_ledger, recorded_types


def test_a_batch_records_its_decisions_together_when_it_ends(team: Team) -> None:
    before = team.app.recorder.max_notification_id()
    with Batch(team.app, team.product_id) as batch:
        sso, dark_mode = team.propose("SSO login", "Dark mode")
        team.app.decide(
            team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask")
        )
        team.app.decide(team.ben, EstimateItem(item_id=sso, points=5))
        assert team.app.recorder.max_notification_id() == before, "saved before the end"
    assert recorded_types(team.app)["ItemPrioritized"] == 1
    assert batch.decisions == 4
    assert batch.position == team.app.recorder.max_notification_id()
    assert team.titles() == ["Dark mode", "SSO login"]
    assert team.item(sso).estimate == 5


def test_a_batch_ends_as_the_same_decisions_made_one_by_one(team: Team) -> None:
    alone = Team.gather(open_ledger("memory://"))

    def decide(on: Team) -> list[str]:
        items = on.propose("SSO login", "Dark mode", "Audit log")
        on.app.decide(
            on.ana, PrioritizeItem(item_id=items[2], rank=1, rationale="Compliance first")
        )
        on.app.decide(on.ana, RefineItem(item_id=items[0], acceptance_criteria=["Works with Okta"]))
        on.app.decide(on.ben, EstimateItem(item_id=items[0], points=3))
        on.app.decide(on.ben, StartItem(item_id=items[0]))
        return items

    decide(alone)
    with Batch(team.app, team.product_id):
        items = decide(team)
    assert team.titles() == alone.titles() == ["Audit log", "SSO login", "Dark mode"]
    assert team.item(items[0]).status == alone.product.items[alone.product.order[1]].status
    assert [type(e) for e in team.events()] == [type(e) for e in alone.events()]


def test_a_rejected_decision_in_a_batch_raises_and_the_rest_is_recorded(team: Team) -> None:
    with Batch(team.app, team.product_id):
        _, dark_mode = team.propose("SSO login", "Dark mode")
        with pytest.raises(Forbidden):
            team.app.decide(
                team.ben, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Engineers prefer it")
            )
        team.app.decide(
            team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask")
        )
    assert team.titles() == ["Dark mode", "SSO login"]
    assert recorded_types(team.app)["ItemPrioritized"] == 1


def test_nothing_is_recorded_when_the_batch_block_raises(team: Team) -> None:
    before = recorded_types(team.app)
    with pytest.raises(RuntimeError, match="importer crashed"), Batch(team.app, team.product_id):
        (sso,) = team.propose("SSO login")
        team.app.decide(team.ben, EstimateItem(item_id=sso, points=5))
        raise RuntimeError("importer crashed")
    assert recorded_types(team.app) == before
    assert team.titles() == []
    with pytest.raises(Exception, match="no backlog item"):
        team.app.decide(team.ben, EstimateItem(item_id=sso, points=3))


def test_a_key_used_twice_in_a_batch_records_once(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with Batch(team.app, team.product_id):
        first = team.app.decide(
            team.ben, EstimateItem(item_id=sso, points=5), idempotency_key="estimate-1"
        )
        again = team.app.decide(
            team.ben, EstimateItem(item_id=sso, points=5), idempotency_key="estimate-1"
        )
        with pytest.raises(InvalidInput, match="different request"):
            team.app.decide(
                team.ben, EstimateItem(item_id=sso, points=8), idempotency_key="estimate-1"
            )
    assert again.replayed and again.version == first.version
    assert recorded_types(team.app)["ItemEstimated"] == 1
    replayed = team.app.decide(
        team.ben, EstimateItem(item_id=sso, points=5), idempotency_key="estimate-1"
    )
    assert replayed.replayed and replayed.version == first.version


def test_a_batch_decides_on_its_own_product_only(team: Team) -> None:
    other = team.app.decide(
        team.admin, CreateProduct(name="Tandem Mobile", vision="Pairs on the go")
    ).product_id
    team.app.decide(
        team.admin,
        GrantRole(product_id=other, member_id=team.ana.member_id or "", role=Role.PRODUCT_OWNER),
    )
    with pytest.raises(InvalidInput, match="own product"), Batch(team.app, team.product_id):
        team.app.decide(team.ana, ProposeItem(product_id=other, title="Offline mode"))
    assert recorded_types(team.app)["ItemProposed"] == 0


def test_a_batch_conflicts_when_another_process_changed_the_product() -> None:
    with database_url("sqlite") as url:
        here = Team.gather(open_ledger(url))
        there = open_ledger(url)
        (sso,) = here.propose("SSO login")
        conflict = pytest.raises(Conflict, match="nothing was recorded")
        with conflict, Batch(here.app, here.product_id):
            here.app.decide(here.ben, EstimateItem(item_id=sso, points=5))
            there.decide(here.ben, EstimateItem(item_id=sso, points=8))
        assert here.item(sso).estimate == 8
        assert recorded_types(here.app)["ItemEstimated"] == 1
        here.app.close()
        there.close()
