"""Given decisions, the backlog and allocation rows: pure rendering, no database."""

from __future__ import annotations

from domain.commands import (
    AcceptItem,
    AssignEngineer,
    DefineVision,
    DropItem,
    EstimateItem,
    PrioritizeItem,
    RefineItem,
    SetCapacity,
    UnassignEngineer,
)
from domain.vocabulary import ItemKind
from projections.allocation.loads import member_loads
from projections.backlog import render
from projections.rows import AssignmentRow, ItemRow, MemberLoadRow
from tests.projections.story import ANA, BO, CY, EM, EVE, PO, SAM, Story, replay


def titles_and_ranks(rows: list[ItemRow]) -> list[tuple[str, int | None]]:
    return [(row.title, row.rank) for row in rows]


def test_proposed_items_join_the_backlog_at_the_bottom() -> None:
    story = Story()
    story.propose("SSO login", "Guest checkout", "Apple Pay")

    product = replay(story.events())

    assert titles_and_ranks(render.backlog_rows(product)) == [
        ("SSO login", 1),
        ("Guest checkout", 2),
        ("Apple Pay", 3),
    ]
    assert {row.status for row in render.backlog_rows(product)} == {"PROPOSED"}


def test_prioritizing_moves_an_item_and_shifts_the_others() -> None:
    story = Story()
    sso, *_, history = story.propose(
        "SSO login", "Guest checkout", "Apple Pay", "Saved cards", "Order history"
    )
    story.product.decide(
        PO,
        PrioritizeItem(item_id=history, rank=1, rationale="auditors asked", expected_version=None),
        story.at(),
    )
    story.product.decide(
        PO,
        PrioritizeItem(item_id=sso, rank=4, rationale="can wait", expected_version=None),
        story.at(),
    )

    product = replay(story.events())

    assert titles_and_ranks(render.backlog_rows(product)) == [
        ("Order history", 1),
        ("Guest checkout", 2),
        ("Apple Pay", 3),
        ("SSO login", 4),
        ("Saved cards", 5),
    ]


def test_a_rank_past_the_end_moves_the_item_to_the_bottom() -> None:
    story = Story()
    sso, _, _ = story.propose("SSO login", "Guest checkout", "Apple Pay")
    story.product.decide(
        PO,
        PrioritizeItem(item_id=sso, rank=99, rationale="last", expected_version=None),
        story.at(),
    )

    product = replay(story.events())

    assert [row.title for row in render.backlog_rows(product)][-1] == "SSO login"
    assert render.backlog_rows(product)[-1].rank == 3


def test_accepted_and_dropped_items_leave_the_ranking_but_can_be_asked_for() -> None:
    story = Story()
    sso, guest, *_ = story.propose("SSO login", "Guest checkout", "Apple Pay", "Saved cards")
    story.deliver(guest)
    story.product.decide(
        PO, AcceptItem(item_id=guest, rationale="shipped", expected_version=None), story.at()
    )
    story.product.decide(
        PO, DropItem(item_id=sso, rationale="nobody asked", expected_version=None), story.at()
    )

    product = replay(story.events())

    assert titles_and_ranks(render.backlog_rows(product)) == [("Apple Pay", 1), ("Saved cards", 2)]
    closed = render.backlog_rows(product, frozenset({"ACCEPTED", "DROPPED"}))
    assert [(r.title, r.rank, r.status) for r in closed] == [
        ("SSO login", None, "DROPPED"),
        ("Guest checkout", None, "ACCEPTED"),
    ]
    everything = render.backlog_rows(
        product, frozenset({"PROPOSED", "READY", "IN_PROGRESS", "DONE", "ACCEPTED", "DROPPED"})
    )
    assert [r.title for r in everything] == [
        "Apple Pay",
        "Saved cards",
        "SSO login",
        "Guest checkout",
    ]


def test_a_refined_and_estimated_item_is_ready_with_its_details() -> None:
    story = Story()
    (sso,) = story.propose("SSO login", kind=ItemKind.IMPROVEMENT)
    story.product.decide(
        PO,
        RefineItem(
            item_id=sso,
            description="Log in with Okta",
            acceptance_criteria=["works with Okta"],
            expected_version=None,
        ),
        story.at(),
    )
    story.product.decide(
        EM,
        EstimateItem(item_id=sso, points=2.5, rationale="small", expected_version=None),
        story.at(),
    )
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=BO, percent=40, rationale=None), story.at()
    )

    (row,) = render.backlog_rows(replay(story.events()))

    assert row.status == "READY"
    assert row.kind == "IMPROVEMENT"
    assert row.description == "Log in with Okta"
    assert row.acceptance_criteria == ("works with Okta",)
    assert row.estimate == 2.5
    assert row.assignments == (AssignmentRow(sso, BO, 40),)
    assert row.version == 4  # proposed, refined, estimated, assigned


def test_estimate_alone_does_not_make_an_item_ready() -> None:
    story = Story()
    (sso,) = story.propose("SSO login")
    story.product.decide(
        EM, EstimateItem(item_id=sso, points=5, rationale=None, expected_version=None), story.at()
    )

    (row,) = render.backlog_rows(replay(story.events()))

    assert (row.status, row.estimate) == ("PROPOSED", 5)


def test_product_row_counts_versions_of_the_product_and_of_its_order() -> None:
    story = Story()
    sso, guest = story.propose("SSO login", "Guest checkout")
    story.product.decide(
        PO,
        PrioritizeItem(item_id=guest, rank=1, rationale="first", expected_version=None),
        story.at(),
    )
    story.product.decide(
        EM, EstimateItem(item_id=sso, points=1, rationale=None, expected_version=None), story.at()
    )
    story.product.decide(
        PO,
        DefineVision(
            product_id=str(story.product.id), vision="Pay without thinking", rationale="sharper"
        ),
        story.at(),
    )

    row = render.product_row(replay(story.events()))

    assert (row.name, row.vision) == ("Checkout", "Pay without thinking")
    assert row.version == 1 + 5 + 5  # created, five roles, five decisions
    assert row.backlog_version == 3  # two proposals and one move change the order


def test_every_engineer_has_a_load_at_full_capacity_by_default() -> None:
    product = replay(Story().events())

    assert member_loads(product) == [
        MemberLoadRow(str(product.id), BO, 100, 0),
        MemberLoadRow(str(product.id), CY, 100, 0),
    ]


def test_allocation_adds_up_assignments_on_open_work_only() -> None:
    story = Story()
    sso, guest, pay, cards = story.propose(
        "SSO login", "Guest checkout", "Apple Pay", "Saved cards"
    )
    story.product.decide(
        EM,
        SetCapacity(
            product_id=str(story.product.id), member_id=BO, percent=80, rationale="part time"
        ),
        story.at(),
    )
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=BO, percent=50, rationale=None), story.at()
    )
    story.product.decide(
        EM, AssignEngineer(item_id=guest, member_id=BO, percent=40, rationale=None), story.at()
    )
    story.product.decide(
        EM, AssignEngineer(item_id=pay, member_id=CY, percent=30, rationale=None), story.at()
    )
    story.product.decide(
        EM, AssignEngineer(item_id=cards, member_id=CY, percent=30, rationale=None), story.at()
    )
    story.deliver(pay)  # DONE no longer counts
    story.product.decide(
        PO, DropItem(item_id=cards, rationale="not now", expected_version=None), story.at()
    )

    loads = {load.member_id: load for load in member_loads(replay(story.events()))}

    assert (loads[BO].capacity_percent, loads[BO].allocated_percent) == (80, 90)
    assert loads[BO].over_allocated
    assert loads[BO].item_ids == (sso, guest)
    assert (loads[CY].capacity_percent, loads[CY].allocated_percent) == (100, 0)
    assert not loads[CY].over_allocated
    assert loads[CY].item_ids == ()


def test_reassigning_replaces_the_share_and_unassigning_frees_it() -> None:
    story = Story()
    sso, guest = story.propose("SSO login", "Guest checkout")
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=BO, percent=50, rationale=None), story.at()
    )
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=BO, percent=70, rationale="more"), story.at()
    )
    story.product.decide(
        EM, AssignEngineer(item_id=guest, member_id=BO, percent=40, rationale=None), story.at()
    )
    story.product.decide(
        EM, UnassignEngineer(item_id=guest, member_id=BO, rationale=None), story.at()
    )

    loads = {load.member_id: load for load in member_loads(replay(story.events()))}

    assert (loads[BO].allocated_percent, loads[BO].item_ids) == (70, (sso,))


def test_anyone_assigned_has_a_load_even_without_the_engineer_role() -> None:
    story = Story()
    (sso,) = story.propose("SSO login")
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=SAM, percent=20, rationale=None), story.at()
    )
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=ANA, percent=10, rationale=None), story.at()
    )

    loads = member_loads(replay(story.events()))

    assert [(load.member_id, load.allocated_percent) for load in loads] == [
        (BO, 0),
        (CY, 0),
        (SAM, 20),
        (ANA, 10),
    ]
    assert EVE not in {load.member_id for load in loads}


def test_replaying_events_in_two_halves_gives_the_same_rows() -> None:
    story = Story()
    sso, guest, pay = story.propose("SSO login", "Guest checkout", "Apple Pay")
    story.product.decide(
        PO,
        PrioritizeItem(item_id=pay, rank=1, rationale="first", expected_version=None),
        story.at(),
    )
    story.product.decide(
        EM, AssignEngineer(item_id=sso, member_id=BO, percent=50, rationale=None), story.at()
    )
    story.deliver(guest)
    events = story.events()

    whole = replay(events)
    halves = replay(events[len(events) // 2 :], replay(events[: len(events) // 2]))

    assert render.backlog_rows(halves) == render.backlog_rows(whole)
    assert member_loads(halves) == member_loads(whole)
    assert render.product_row(halves) == render.product_row(whole)
