"""Idempotency keys: the same key sent twice by the same caller records the decision once."""

from __future__ import annotations

from typing import Any

import pytest

from domain.application import Tandem
from domain.commands import (
    CreateProduct,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    StartItem,
)
from domain.errors import Conflict, InvalidInput
from domain.vocabulary import Role
from tests.given import Team, recorded_types, rejects


def test_the_same_key_twice_records_once_and_returns_the_same_outcome(team: Team) -> None:
    _, dark_mode = team.propose("SSO login", "Dark mode")
    first = team.app.decide(
        team.ana,
        PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask"),
        idempotency_key="prio-1",
    )
    before = recorded_types(team.app)
    again = team.app.decide(
        team.ana,
        PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask"),
        idempotency_key="prio-1",
    )
    assert recorded_types(team.app) == before
    assert before["ItemPrioritized"] == 1
    assert again == first
    assert (again.product_id, again.item_id, again.version) == (
        first.product_id,
        dark_mode,
        first.version,
    )
    assert (first.replayed, again.replayed) == (False, True)
    assert team.titles() == ["Dark mode", "SSO login"]


def test_a_retry_returns_the_original_outcome_even_after_the_backlog_moved_on(team: Team) -> None:
    sso, dark_mode = team.propose("SSO login", "Dark mode")
    seen = team.product.backlog_version
    first = team.app.decide(
        team.ana,
        PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask", expected_version=seen),
        idempotency_key="prio-1",
    )
    team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=1, rationale="Okta deal"))
    # The retry's expected version is stale now, yet it is a retry: no Conflict.
    again = team.app.decide(
        team.ana,
        PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask", expected_version=seen),
        idempotency_key="prio-1",
    )
    assert again == first
    assert recorded_types(team.app)["ItemPrioritized"] == 2


def test_the_same_key_with_a_different_input_is_invalid(team: Team) -> None:
    sso, dark_mode = team.propose("SSO login", "Dark mode")
    team.app.decide(
        team.ana,
        PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask"),
        idempotency_key="prio-1",
    )
    with rejects(team.app, InvalidInput, match="idempotencyKey"):
        team.app.decide(
            team.ana,
            PrioritizeItem(item_id=sso, rank=1, rationale="Customers ask"),
            idempotency_key="prio-1",
        )
    with rejects(team.app, InvalidInput, match="idempotencyKey"):
        team.app.decide(
            team.ana,
            PrioritizeItem(item_id=dark_mode, rank=1, rationale="Other reason"),
            idempotency_key="prio-1",
        )
    with rejects(team.app, InvalidInput, match="idempotencyKey"):
        team.app.decide(
            team.ana,
            DropItem(item_id=dark_mode, rationale="Customers ask"),
            idempotency_key="prio-1",
        )


def test_a_copy_rejected_because_its_twin_was_just_recorded_replays_the_twin(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two replicas receive the same keyed drop at once. The second looks the key up
    before the first commits, then loads the product after: the item is DROPPED
    already. That is the first copy's doing, so the second replays it."""
    (sso,) = team.propose("SSO login")
    first = team.app.decide(
        team.ana, DropItem(item_id=sso, rationale="Out of scope"), idempotency_key="drop-sso"
    )
    look_up = Tandem.prior_outcome
    raced: list[str] = []

    def racing(self: Tandem, *args: Any) -> Any:
        if not raced:  # the look-up that ran before the other replica committed
            raced.append("missed")
            return None
        return look_up(self, *args)

    monkeypatch.setattr(Tandem, "prior_outcome", racing)
    again = team.app.decide(
        team.ana, DropItem(item_id=sso, rationale="Out of scope"), idempotency_key="drop-sso"
    )
    assert (again, again.replayed, raced) == (first, True, ["missed"])
    assert recorded_types(team.app)["ItemDropped"] == 1


def test_keys_are_scoped_per_caller(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    team.app.decide(
        team.ana,
        RefineItem(item_id=sso, acceptance_criteria=["Works with Okta"]),
        idempotency_key="monday",
    )
    team.app.decide(team.ben, EstimateItem(item_id=sso, points=3), idempotency_key="monday")
    team.app.decide(
        team.admin,
        GrantRole(
            product_id=team.product_id, member_id=team.eve.member_id or "", role=Role.ENGINEER
        ),
        idempotency_key="monday",
    )
    counts = recorded_types(team.app)
    assert (counts["ItemRefined"], counts["ItemEstimated"], counts["RoleGranted"]) == (1, 1, 5)
    assert team.item(sso).status.value == "READY"


def test_a_key_is_scoped_across_all_of_a_callers_decisions(team: Team) -> None:
    team.app.decide(
        team.ana, ProposeItem(product_id=team.product_id, title="SSO login"), idempotency_key="k"
    )
    with rejects(team.app, InvalidInput, match="idempotencyKey"):
        team.app.decide(
            team.ana,
            DefineVision(product_id=team.product_id, vision="Pairs ship faster", rationale="Board"),
            idempotency_key="k",
        )


def test_a_rejected_decision_does_not_use_up_its_key(team: Team) -> None:
    (sso,) = team.propose("SSO login")
    with rejects(team.app, Conflict):
        team.app.decide(team.ben, StartItem(item_id=sso), idempotency_key="start-sso")
    team.ready(sso)
    outcome = team.app.decide(team.ben, StartItem(item_id=sso), idempotency_key="start-sso")
    assert not outcome.replayed
    assert team.item(sso).status.value == "IN_PROGRESS"


def test_a_keyed_proposal_replays_the_same_item(team: Team) -> None:
    first = team.app.decide(
        team.ana,
        ProposeItem(product_id=team.product_id, title="SSO login"),
        idempotency_key="propose-sso",
    )
    again = team.app.decide(
        team.ana,
        ProposeItem(product_id=team.product_id, title="SSO login"),
        idempotency_key="propose-sso",
    )
    assert again.item_id == first.item_id
    assert team.titles() == ["SSO login"]


def test_a_keyed_grant_of_a_role_already_held_replays_nothing_recorded(team: Team) -> None:
    cleo = team.cleo.member_id or ""
    first = team.app.decide(
        team.ana,
        GrantRole(product_id=team.product_id, member_id=cleo, role=Role.ENGINEER),
        idempotency_key="g",
    )
    again = team.app.decide(
        team.ana,
        GrantRole(product_id=team.product_id, member_id=cleo, role=Role.ENGINEER),
        idempotency_key="g",
    )
    assert first == again
    assert again.version is None
    assert recorded_types(team.app)["RoleGranted"] == 4


@pytest.mark.parametrize("key", ["", "k" * 201])
def test_an_empty_or_over_long_key_is_invalid(team: Team, key: str) -> None:
    with rejects(team.app, InvalidInput, match="idempotencyKey"):
        team.app.decide(
            team.ana,
            ProposeItem(product_id=team.product_id, title="SSO login"),
            idempotency_key=key,
        )


def test_an_administrators_keyed_product_creation_is_recorded_once(team: Team) -> None:
    first = team.app.decide(
        team.admin,
        CreateProduct(name="Billing", vision="Invoices that add up"),
        idempotency_key="billing",
    )
    again = team.app.decide(
        team.admin,
        CreateProduct(name="Billing", vision="Invoices that add up"),
        idempotency_key="billing",
    )
    assert again.product_id == first.product_id
    assert recorded_types(team.app)["ProductCreated"] == 2  # Tandem Web and Billing
