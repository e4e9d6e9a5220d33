"""The status machine: PROPOSED -> READY -> IN_PROGRESS -> DONE -> ACCEPTED, DROPPED before that."""

from __future__ import annotations

import pytest

from domain.commands import AcceptItem, CompleteItem, DropItem, EstimateItem, RefineItem, StartItem
from domain.errors import Conflict, InvalidInput
from domain.product_events import ItemAccepted, ItemCompleted, ItemEstimated, ItemRefined
from tests.domain.backlog import ANA, AT, BEN, Backlog

# How to bring "SSO login" into each status, from PROPOSED.
REACH = {
    "PROPOSED": lambda b: None,
    "READY": lambda b: b.ready("SSO login"),
    "IN_PROGRESS": lambda b: b.started("SSO login"),
    "DONE": lambda b: b.done("SSO login"),
    "ACCEPTED": lambda b: b.accepted("SSO login"),
    "DROPPED": lambda b: b.dropped("SSO login"),
}


def given_sso_login(status: str) -> Backlog:
    backlog = Backlog("SSO login", "Dark mode")
    REACH[status](backlog)
    assert backlog.status("SSO login") == status
    return backlog.saved()


def test_a_new_item_is_proposed() -> None:
    assert Backlog("SSO login").status("SSO login") == "PROPOSED"


def test_criteria_then_an_estimate_make_an_item_ready_by_itself() -> None:
    backlog = Backlog("SSO login")
    backlog.product.decide(
        ANA,
        RefineItem(
            item_id=backlog["SSO login"],
            description=None,
            acceptance_criteria=["Works with Okta"],
            expected_version=None,
        ),
        AT,
    )
    assert backlog.status("SSO login") == "PROPOSED"
    backlog.product.decide(
        BEN,
        EstimateItem(
            item_id=backlog["SSO login"],
            points=5.0,
            rationale="Two services",
            expected_version=None,
        ),
        AT,
    )
    assert backlog.status("SSO login") == "READY"
    refined, estimated = backlog.pending()
    assert isinstance(refined, ItemRefined) and isinstance(estimated, ItemEstimated)
    assert (refined.status_before, refined.status_after) == ("PROPOSED", "PROPOSED")
    assert (estimated.status_before, estimated.status_after) == ("PROPOSED", "READY")


def test_an_estimate_then_criteria_make_an_item_ready_by_itself() -> None:
    backlog = Backlog("SSO login")
    backlog.product.decide(
        BEN,
        EstimateItem(
            item_id=backlog["SSO login"], points=5.0, rationale=None, expected_version=None
        ),
        AT,
    )
    assert backlog.status("SSO login") == "PROPOSED"
    backlog.product.decide(
        ANA,
        RefineItem(
            item_id=backlog["SSO login"],
            description="Okta first",
            acceptance_criteria=["Works with Okta"],
            expected_version=None,
        ),
        AT,
    )
    assert backlog.status("SSO login") == "READY"
    assert backlog.pending()[-1].status_after == "READY"


def test_refining_away_every_criterion_makes_a_ready_item_proposed_again() -> None:
    backlog = given_sso_login("READY")
    backlog.product.decide(
        ANA,
        RefineItem(
            item_id=backlog["SSO login"],
            description=None,
            acceptance_criteria=[],
            expected_version=None,
        ),
        AT,
    )
    assert backlog.status("SSO login") == "PROPOSED"


def test_an_item_goes_from_ready_to_accepted() -> None:
    backlog = given_sso_login("READY")
    sso = backlog["SSO login"]
    backlog.product.decide(
        BEN, StartItem(item_id=sso, rationale="Cleo is free", expected_version=None), AT
    )
    assert backlog.status("SSO login") == "IN_PROGRESS"
    backlog.product.decide(
        BEN, CompleteItem(item_id=sso, rationale=None, expected_version=None), AT
    )
    assert backlog.status("SSO login") == "DONE"
    assert backlog.rank("SSO login") == 1  # done, not yet accepted: still ranked
    backlog.product.decide(
        ANA, AcceptItem(item_id=sso, rationale="Demoed on Friday", expected_version=None), AT
    )
    assert backlog.status("SSO login") == "ACCEPTED"
    *_, completed, accepted = backlog.pending()
    assert isinstance(completed, ItemCompleted) and isinstance(accepted, ItemAccepted)
    assert (accepted.status_before, accepted.status_after, accepted.rank_before) == (
        "DONE",
        "ACCEPTED",
        1,
    )
    assert accepted.rationale == "Demoed on Friday"


def transition(backlog: Backlog, decision: str) -> None:
    actor = ANA if decision == "accept" else BEN
    command = {"start": StartItem, "complete": CompleteItem, "accept": AcceptItem}[decision]
    backlog.product.decide(actor, command(item_id=backlog["SSO login"]), AT)


WRONG_STATES = [
    pytest.param(decision, status, id=f"{decision}-{status}")
    for decision, allowed_from in (
        ("start", "READY"),
        ("complete", "IN_PROGRESS"),
        ("accept", "DONE"),
    )
    for status in REACH
    if status != allowed_from
]


@pytest.mark.parametrize(("decision", "status"), WRONG_STATES)
def test_start_complete_and_accept_only_from_their_own_state(decision: str, status: str) -> None:
    backlog = given_sso_login(status)
    with pytest.raises(Conflict, match=f"{status} item cannot move to"):
        transition(backlog, decision)
    assert backlog.pending() == []
    assert backlog.status("SSO login") == status


@pytest.mark.parametrize(
    ("status", "decision", "message"),
    [
        ("IN_PROGRESS", "accept", "an IN_PROGRESS item cannot move to ACCEPTED: complete it first"),
        ("READY", "complete", "a READY item cannot move to DONE: start it first"),
        ("ACCEPTED", "start", "an ACCEPTED item cannot move to IN_PROGRESS: it is accepted and"),
    ],
)
def test_a_refused_move_reads_aloud_and_says_what_to_do(
    status: str, decision: str, message: str
) -> None:
    with pytest.raises(Conflict) as refused:
        transition(given_sso_login(status), decision)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("status", ["PROPOSED", "READY", "IN_PROGRESS", "DONE"])
def test_an_item_is_dropped_from_any_state_before_acceptance(status: str) -> None:
    backlog = given_sso_login(status)
    backlog.product.decide(
        ANA,
        DropItem(
            item_id=backlog["SSO login"], rationale="Passkeys replace it", expected_version=None
        ),
        AT,
    )
    assert backlog.status("SSO login") == "DROPPED"
    (dropped,) = backlog.pending()
    assert (dropped.status_before, dropped.rationale) == (status, "Passkeys replace it")
    assert backlog.order() == ["Dark mode"]


@pytest.mark.parametrize("status", ["ACCEPTED", "DROPPED"])
def test_an_accepted_or_dropped_item_cannot_be_dropped(status: str) -> None:
    backlog = given_sso_login(status)
    with pytest.raises(Conflict):
        backlog.product.decide(
            ANA,
            DropItem(item_id=backlog["SSO login"], rationale="Tidy up", expected_version=None),
            AT,
        )
    assert backlog.pending() == []


@pytest.mark.parametrize("rationale", [None, "", "   "])
def test_dropping_needs_a_rationale(rationale: str | None) -> None:
    backlog = given_sso_login("READY")
    with pytest.raises(InvalidInput, match="rationale"):
        backlog.product.decide(
            ANA,
            DropItem(item_id=backlog["SSO login"], rationale=rationale, expected_version=None),
            AT,
        )
    assert backlog.pending() == []
    assert backlog.status("SSO login") == "READY"


@pytest.mark.parametrize("status", ["ACCEPTED", "DROPPED"])
def test_an_accepted_or_dropped_item_is_neither_refined_nor_estimated(status: str) -> None:
    backlog = given_sso_login(status)
    sso = backlog["SSO login"]
    with pytest.raises(Conflict):
        backlog.product.decide(
            ANA,
            RefineItem(
                item_id=sso,
                description="More detail",
                acceptance_criteria=None,
                expected_version=None,
            ),
            AT,
        )
    with pytest.raises(Conflict):
        backlog.product.decide(
            BEN, EstimateItem(item_id=sso, points=2.0, rationale=None, expected_version=None), AT
        )
    assert backlog.pending() == []


def test_a_stale_item_version_is_a_conflict() -> None:
    backlog = given_sso_login("PROPOSED")
    sso = backlog["SSO login"]
    seen = backlog.product.items[sso].version
    backlog.product.decide(
        ANA,
        RefineItem(
            item_id=sso, description="Okta first", acceptance_criteria=None, expected_version=seen
        ),
        AT,
    )
    backlog.saved()
    with pytest.raises(Conflict, match="item is at version"):
        backlog.product.decide(
            BEN, EstimateItem(item_id=sso, points=3.0, rationale=None, expected_version=seen), AT
        )
    assert backlog.pending() == []
    assert backlog.product.items[sso].estimate is None
