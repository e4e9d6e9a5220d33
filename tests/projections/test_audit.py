"""Given one decision, its audit row: who, in which role, a sentence and the field changes."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    RefineItem,
    SetCapacity,
    SetGoal,
    StartItem,
    UnassignEngineer,
)
from domain.product import Product
from domain.vocabulary import Role
from projections.decisions.audit import decision_row, recorded_instant, subject_of
from projections.rows import ChangeRow, DecisionRow
from tests.projections.story import ADMIN, ANA, BO, CY, EM, EVE, NAMES, PO, START, Story, replay


def audit(story: Story, product: Product | None = None) -> list[DecisionRow]:
    """The rows the decisions view writes for the story's new events, as it writes
    them: each event applied to the replica, then described."""
    rows = []
    for position, event in enumerate(story.events(), start=1):
        product = replay([event], product)
        rows.append(decision_row(event, product, position, event.timestamp, NAMES))
    return rows


def last(story: Story, product: Product) -> DecisionRow:
    return audit(story, product)[-1]


def told(story: Story) -> Product:
    """The product as the story has told it so far (its events consumed)."""
    return replay(story.events())


def changes(row: DecisionRow) -> list[tuple[str, str | None, str | None]]:
    return [(c.field, c.before, c.after) for c in row.changes]


def test_creating_a_product_is_the_administrators_decision() -> None:
    story = Story(staffed=False)

    (row,) = audit(story)

    assert row.summary == "The administrator created product 'Checkout'"
    assert (row.actor_id, row.role, row.type) == (None, None, "ProductCreated")
    assert row.subject_id == row.product_id
    assert changes(row) == [("name", None, "Checkout"), ("vision", None, "Pay in one tap")]


def test_granting_a_role() -> None:
    story = Story(staffed=False)
    product = told(story)
    story.product.decide(
        ADMIN,
        GrantRole(product_id=str(story.product.id), member_id=ANA, role=Role.PRODUCT_OWNER),
        story.at(),
    )
    story.product.decide(
        ADMIN,
        GrantRole(product_id=str(story.product.id), member_id=EVE, role=Role.ENGINEERING_MANAGER),
        story.at(),
    )
    story.product.decide(
        EM,
        GrantRole(product_id=str(story.product.id), member_id=BO, role=Role.ENGINEER),
        story.at(),
    )

    admin_grant, _, em_grant = audit(story, product)

    assert admin_grant.summary == "The administrator granted Ana the Product Owner role"
    assert em_grant.summary == "Eve (Engineering Manager) granted Bo the Engineer role"
    assert (em_grant.type, em_grant.subject_id, em_grant.role) == (
        "RoleGranted",
        BO,
        "ENGINEERING_MANAGER",
    )
    assert changes(em_grant) == [("roles", None, "ENGINEER")]


def test_redefining_the_vision_keeps_both_visions_and_the_rationale() -> None:
    story = Story()
    product = told(story)
    story.product.decide(
        PO,
        DefineVision(
            product_id=str(story.product.id),
            vision="Pay without thinking",
            rationale="customers drop off",
        ),
        story.at(),
    )

    row = last(story, product)

    assert row.summary == "Ana (Product Owner) redefined the product vision"
    assert row.rationale == "customers drop off"
    assert changes(row) == [("vision", "Pay in one tap", "Pay without thinking")]


def test_setting_a_goal() -> None:
    story = Story()
    product = told(story)
    story.product.decide(
        PO,
        SetGoal(
            product_id=str(story.product.id),
            title="Halve checkout time",
            metric="p50 seconds",
            target_date=START,
        ),
        story.at(),
    )

    row = last(story, product)

    assert row.summary == "Ana (Product Owner) set the goal 'Halve checkout time'"
    assert changes(row) == [
        ("goal", None, "Halve checkout time"),
        ("metric", None, "p50 seconds"),
        ("targetDate", None, START.isoformat()),
    ]


def test_setting_capacity_names_the_member_and_both_percentages() -> None:
    story = Story()
    product = told(story)
    story.product.decide(
        EM,
        SetCapacity(
            product_id=str(story.product.id), member_id=BO, percent=60, rationale="part time"
        ),
        story.at(),
    )
    story.product.decide(
        EM,
        SetCapacity(product_id=str(story.product.id), member_id=BO, percent=80, rationale=None),
        story.at(),
    )

    first, second = audit(story, product)

    assert first.summary == "Eve (Engineering Manager) set Bo's capacity from 100% to 60%"
    assert second.summary == "Eve (Engineering Manager) set Bo's capacity from 60% to 80%"
    assert (first.subject_id, first.type) == (BO, "CapacitySet")
    assert changes(second) == [("capacityPercent", "60", "80")]


def test_proposing_an_item_says_where_it_landed() -> None:
    story = Story()
    story.propose("Guest checkout", "Apple Pay", "Saved cards", "Order history")
    product = told(story)
    (sso,) = story.propose("SSO login")

    row = last(story, product)

    assert row.summary == "Ana (Product Owner) proposed 'SSO login' at #5"
    assert row.subject_id == sso
    assert changes(row) == [
        ("title", None, "SSO login"),
        ("kind", None, "FEATURE"),
        ("rank", None, "5"),
        ("status", None, "PROPOSED"),
    ]


def test_moving_an_item_up_the_backlog() -> None:
    story = Story()
    *_, sso = story.propose(
        "Guest checkout", "Apple Pay", "Saved cards", "Order history", "SSO login"
    )
    product = told(story)
    story.product.decide(
        PO,
        PrioritizeItem(item_id=sso, rank=1, rationale="enterprise deal", expected_version=None),
        story.at(),
    )

    row = last(story, product)

    assert row.summary == "Ana (Product Owner) moved 'SSO login' from #5 to #1"
    assert (row.type, row.subject_id, row.rationale) == ("ItemPrioritized", sso, "enterprise deal")
    assert changes(row) == [("rank", "5", "1")]


def test_refining_lists_only_what_changed() -> None:
    story = Story()
    (sso,) = story.propose("SSO login")
    story.product.decide(
        EM, EstimateItem(item_id=sso, points=3, rationale=None, expected_version=None), story.at()
    )
    product = told(story)
    story.product.decide(
        PO,
        RefineItem(
            item_id=sso,
            description=None,
            acceptance_criteria=["works with Okta", "works with Entra"],
            expected_version=None,
        ),
        story.at(),
    )
    story.product.decide(
        PO,
        RefineItem(
            item_id=sso,
            description="Okta and Entra",
            acceptance_criteria=None,
            expected_version=None,
        ),
        story.at(),
    )

    refined, described = audit(story, product)

    assert refined.summary == "Ana (Product Owner) refined 'SSO login'"
    assert changes(refined) == [
        ("acceptanceCriteria", "[]", '["works with Okta", "works with Entra"]'),
        ("status", "PROPOSED", "READY"),
    ]
    assert changes(described) == [("description", "SSO login, described", "Okta and Entra")]


def test_estimating_shows_whole_points_without_a_fraction() -> None:
    story = Story()
    (sso,) = story.propose("SSO login")
    product = told(story)
    story.product.decide(
        EM,
        EstimateItem(item_id=sso, points=5, rationale="like login v1", expected_version=None),
        story.at(),
    )
    story.product.decide(
        EM, EstimateItem(item_id=sso, points=2.5, rationale=None, expected_version=None), story.at()
    )

    first, second = audit(story, product)

    assert first.summary == "Eve (Engineering Manager) estimated 'SSO login' at 5 points"
    assert changes(first) == [("estimate", None, "5")]
    assert second.summary == "Eve (Engineering Manager) estimated 'SSO login' at 2.5 points"
    assert changes(second) == [("estimate", "5", "2.5")]


def test_an_estimate_that_completes_refinement_shows_the_status_change() -> None:
    story = Story()
    (sso,) = story.propose("SSO login")
    story.product.decide(
        PO,
        RefineItem(
            item_id=sso,
            description=None,
            acceptance_criteria=["works with Okta"],
            expected_version=None,
        ),
        story.at(),
    )
    product = told(story)
    story.product.decide(
        EM, EstimateItem(item_id=sso, points=3, rationale=None, expected_version=None), story.at()
    )

    assert changes(last(story, product)) == [
        ("estimate", None, "3"),
        ("status", "PROPOSED", "READY"),
    ]


def test_assigning_and_unassigning_an_engineer() -> None:
    story = Story()
    (sso,) = story.propose("SSO login")
    product = told(story)
    story.product.decide(
        EM,
        AssignEngineer(item_id=sso, member_id=BO, percent=50, rationale="knows SAML"),
        story.at(),
    )
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=BO, percent=70, rationale=None), story.at()
    )
    story.product.decide(
        EM, UnassignEngineer(item_id=sso, member_id=BO, rationale="moved to payments"), story.at()
    )

    assigned, reassigned, unassigned = audit(story, product)

    assert assigned.summary == "Eve (Engineering Manager) assigned Bo to 'SSO login' at 50%"
    assert changes(assigned) == [(f"assignment:{BO}", None, "50")]
    assert changes(reassigned) == [(f"assignment:{BO}", "50", "70")]
    assert reassigned.summary == (
        "Eve (Engineering Manager) changed Bo's share of 'SSO login' from 50% to 70%"
    )
    assert unassigned.summary == "Eve (Engineering Manager) unassigned Bo from 'SSO login'"
    assert changes(unassigned) == [(f"assignment:{BO}", "70", None)]
    assert {row.subject_id for row in (assigned, reassigned, unassigned)} == {sso}


def test_the_life_of_an_item_from_start_to_acceptance() -> None:
    story = Story()
    _, sso = story.propose("Guest checkout", "SSO login")
    story.make_ready(sso)
    product = told(story)
    story.product.decide(
        EM, StartItem(item_id=sso, rationale=None, expected_version=None), story.at()
    )
    story.product.decide(
        EM, CompleteItem(item_id=sso, rationale="merged", expected_version=None), story.at()
    )
    story.product.decide(
        PO, AcceptItem(item_id=sso, rationale="demoed", expected_version=None), story.at()
    )

    started, completed, accepted = audit(story, product)

    assert started.summary == "Eve (Engineering Manager) started 'SSO login'"
    assert changes(started) == [("status", "READY", "IN_PROGRESS")]
    assert completed.summary == "Eve (Engineering Manager) completed 'SSO login'"
    assert changes(completed) == [("status", "IN_PROGRESS", "DONE")]
    assert accepted.summary == "Ana (Product Owner) accepted 'SSO login'"
    assert changes(accepted) == [("status", "DONE", "ACCEPTED"), ("rank", "2", None)]
    assert [r.type for r in (started, completed, accepted)] == [
        "ItemStarted",
        "ItemCompleted",
        "ItemAccepted",
    ]


def test_dropping_an_item_records_the_rank_it_left() -> None:
    story = Story()
    sso, _ = story.propose("SSO login", "Guest checkout")
    product = told(story)
    story.product.decide(
        PO, DropItem(item_id=sso, rationale="nobody asked", expected_version=None), story.at()
    )

    row = last(story, product)

    assert row.summary == "Ana (Product Owner) dropped 'SSO login'"
    assert row.rationale == "nobody asked"
    assert changes(row) == [("status", "PROPOSED", "DROPPED"), ("rank", "1", None)]


def test_an_unknown_member_is_someone() -> None:
    story = Story()
    (sso,) = story.propose("SSO login")
    product = told(story)
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=CY, percent=30, rationale=None), story.at()
    )
    event = story.events()[-1]

    row = decision_row(event, replay([event], product), 7, event.timestamp, {})

    assert row.summary == "someone (Engineering Manager) assigned someone to 'SSO login' at 30%"


def test_a_row_carries_its_position_version_and_an_id_derived_from_them() -> None:
    story = Story()
    product = told(story)
    story.propose("SSO login")
    event: Any = story.events()[-1]
    after = replay([event], product)

    row = decision_row(event, after, 42, event.timestamp, NAMES)
    replayed_elsewhere = decision_row(event, after, 43, event.timestamp, NAMES)

    assert (row.position, row.version, row.at) == (42, event.originator_version, event.timestamp)
    assert row.product_id == str(story.product.id)
    assert row.id == replayed_elsewhere.id  # the id names the decision, not where it was read
    assert len({r.id for r in audit(Story())}) == 6  # one per version of a product
    assert subject_of(event) == event.item_id
    assert all(isinstance(c, ChangeRow) for c in row.changes)


def test_the_recorded_instant_never_goes_back() -> None:
    previous = START + timedelta(minutes=5)

    assert recorded_instant(START, None) == START
    assert recorded_instant(START, previous) == previous
    assert recorded_instant(previous + timedelta(seconds=1), previous) == previous + timedelta(
        seconds=1
    )
    assert recorded_instant(previous, previous) == previous


def test_recorded_instants_are_monotonic_and_never_before_the_event() -> None:
    rng = random.Random(20240301)
    for _ in range(50):
        stamps = [START + timedelta(seconds=rng.randint(-600, 600)) for _ in range(40)]
        recorded = []
        for stamp in stamps:
            recorded.append(recorded_instant(stamp, recorded[-1] if recorded else None))

        assert recorded == sorted(recorded)
        assert all(r >= s for r, s in zip(recorded, stamps, strict=True))
        assert all(r in stamps[: i + 1] for i, r in enumerate(recorded))
