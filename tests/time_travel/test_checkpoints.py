"""The time-travel store: a product rebuilt from a checkpoint (plus the events after
it) is the product the library replays from the first event, at every version; an
order read from a checkpoint and the moves after it is the order then. No database
beyond the memory backend's own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, cast

import pytest

from domain.application import Tandem
from domain.backlog_item import BacklogItem
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    DropItem,
    EstimateItem,
    PrioritizeItem,
    RefineItem,
    SetCapacity,
    SetGoal,
)
from domain.product import Product
from domain.vocabulary import ItemKind
from projections.backlog import render
from projections.snapshots import encoding as enc
from tests.given import Clock, Team, open_ledger
from tests.time_travel.checkpointed import checkpointed


@pytest.fixture
def team() -> Iterator[Team]:
    app = open_ledger("memory://", Clock())
    yield Team.gather(app)
    app.close()


def replayed(app: Tandem, product_id: str, version: int) -> Product:
    product: Any = None
    for event in app.events.get(uuid.UUID(product_id), lte=version):
        product = cast(Any, event).mutate(product)
    return cast(Product, product)


def checkout(team: Team) -> None:
    """SSO login accepted, Guest checkout started with Cleo on it, Apple Pay moved to
    the top, Saved cards dropped, a goal set and a capacity changed."""
    app = team.app
    sso, guest, apple, cards = team.propose("SSO login", "Guest checkout", "Apple Pay", "Cards")
    team.accepted(sso)
    team.in_progress(guest)
    cleo = team.cleo.member_id or ""
    app.decide(team.ben, AssignEngineer(item_id=guest, member_id=cleo, percent=60))
    app.decide(team.ben, EstimateItem(item_id=apple, points=8, rationale="PSP quirks"))
    app.decide(team.ana, PrioritizeItem(item_id=apple, rank=1, rationale="Launch partner"))
    app.decide(team.ana, RefineItem(item_id=apple, description="Pay with Apple"))
    app.decide(team.ana, DropItem(item_id=cards, rationale="Out of scope"))
    app.decide(team.ana, SetGoal(product_id=team.product_id, title="Convert guests"))
    app.decide(team.ben, SetCapacity(product_id=team.product_id, member_id=cleo, percent=50))
    app.decide(team.ben, CompleteItem(item_id=guest))
    app.decide(team.ana, AcceptItem(item_id=guest))


@pytest.mark.parametrize("interval", [1, 3, 7, 0])
def test_every_version_from_a_checkpoint_is_the_replayed_product(team: Team, interval: int) -> None:
    checkout(team)
    travel = checkpointed(team.app, interval)

    for version in range(1, team.product.version + 1):
        past = travel.product_at_version(team.product_id, version)
        assert past == replayed(team.app, team.product_id, version), version
        assert list(past.items) == list(replayed(team.app, team.product_id, version).items)


def test_a_page_of_the_backlog_reads_the_rows_the_whole_product_renders(team: Team) -> None:
    checkout(team)
    travel = checkpointed(team.app, 3)
    product = team.product
    moments = [e.timestamp for e in team.app.events.get(uuid.UUID(team.product_id))]

    for at in moments:
        whole = travel.product_at(team.product_id, at)
        assert whole is not None
        travel.clear_cache()
        every = frozenset({"PROPOSED", "READY", "IN_PROGRESS", "DONE", "ACCEPTED", "DROPPED"})
        for statuses in (None, every, frozenset({"ACCEPTED"})):
            page = travel.backlog_page(team.product_id, at, statuses, first=2, offset=1)
            ids = [row.id for row in travel.backlog(team.product_id, at, statuses)]
            assert [row.id for row in page.rows] == ids[1:3]
            assert page.total == len(ids)
    assert [r.id for r in travel.backlog(team.product_id, moments[-1])] == product.order


def test_an_order_packs_and_its_moves_apply_in_turn() -> None:
    assert enc.unpack_order(enc.pack_order([3, 1, 2])) == [3, 1, 2]
    assert enc.unpack_order(enc.pack_order([70_000, 1])) == [70_000, 1]
    assert enc.unpack_order(enc.pack_order([])) == []
    moves = [(4, 4), (2, 1), (1, None), (3, 3), (5, 4)]
    assert enc.apply_moves([1, 2, 3], moves) == [2, 4, 3, 5]


def test_without_checkpoints_a_library_snapshot_is_the_starting_point(team: Team) -> None:
    """A store not built yet (just upgraded from the former format) still answers."""
    checkout(team)
    team.app.take_snapshot(uuid.UUID(team.product_id), version=8)
    travel = checkpointed(team.app, 0)

    for version in (7, 8, 9, team.product.version):
        past = travel.product_at_version(team.product_id, version)
        assert past == replayed(team.app, team.product_id, version), version


def test_a_stored_item_reads_as_the_row_its_rebuilt_item_renders(team: Team) -> None:
    """A retrospective makes rows straight from what is stored (encoding.row_from); they
    are the rows the item decoded from the same text and work renders to."""
    checkout(team)
    for rank, item in enumerate(team.product.items.values(), start=1):
        text, work = enc.item_text(item), enc.item_work(item)
        rebuilt = enc.item_from(item.id, text, work, item.version)
        direct = enc.row_from(team.product_id, item.id, text, work, item.version, rank)
        assert direct == render.row_of(team.product_id, rebuilt, rank)
    assert any(item.assignments for item in team.product.items.values())


def test_an_items_fields_are_equal_exactly_when_its_stored_json_is() -> None:
    """The snapshot taker encodes an item's text and work only when their fields
    changed: the fields must tell every change the JSON would (assignments' order too)."""
    item = BacklogItem(
        id="i", title="SSO", description="d", kind=ItemKind.FEATURE, goal_ids=["g"],
        estimate=3.0, acceptance_criteria=["works"], assignments={"a": 50, "b": 20},
    )  # fmt: skip
    assert enc.item_text(item) == '["SSO","d","FEATURE",["g"],null]'
    variants = [
        replace(item),
        replace(item, assignments={"b": 20, "a": 50}),
        replace(item, acceptance_criteria=["works", "fast"]),
        replace(item, title="SSO login"),
        replace(item, goal_ids=[]),
    ]
    for other in variants:
        same_work = enc.work_fields(other) == enc.work_fields(item)
        assert same_work == (enc.item_work(other) == enc.item_work(item))
        same_text = enc.text_fields(other) == enc.text_fields(item)
        assert same_text == (enc.item_text(other) == enc.item_text(item))
    assert enc.work_fields(variants[1]) != enc.work_fields(item)
