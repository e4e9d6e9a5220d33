"""A snapshot thawed with its items left encoded is the product the library's own
decoding gives, item for item, whatever is read first. No database: the stored
snapshot is made by the application's mapper, as the snapshot taker makes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent

from domain.application import Tandem
from domain.backlog_item import BacklogItem
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    DropItem,
    EstimateItem,
    PrioritizeItem,
    SetGoal,
    StartItem,
)
from domain.persistence.store_url import StoreUrl
from domain.product import Product
from projections.backlog import render
from projections.time_travel.lazy_snapshot import LazyItems, thaw
from tests.projections.story import BO, EM, PO, Story, replay


@pytest.fixture
def app() -> Iterator[Tandem]:
    ledger = Tandem(StoreUrl.parse("memory://").library_env())
    yield ledger
    ledger.close()


def checkout() -> Product:
    """SSO login accepted, Guest checkout in progress with Bo on it, Apple Pay estimated
    and moved to the top, Saved cards dropped; a goal set."""
    story = Story()
    sso, guest, apple, cards = story.propose("SSO login", "Guest checkout", "Apple Pay", "Cards")
    story.deliver(sso)
    story.product.decide(
        PO, AcceptItem(item_id=sso, rationale="Shipped", expected_version=None), story.at()
    )
    story.make_ready(guest, points=5)
    story.product.decide(
        EM, StartItem(item_id=guest, rationale=None, expected_version=None), story.at()
    )
    story.product.decide(
        EM, AssignEngineer(item_id=guest, member_id=BO, percent=60, rationale=None), story.at()
    )
    story.product.decide(
        EM,
        EstimateItem(item_id=apple, points=8, rationale="PSP quirks", expected_version=None),
        story.at(),
    )
    story.product.decide(
        PO,
        PrioritizeItem(item_id=apple, rank=1, rationale="Launch partner", expected_version=None),
        story.at(),
    )
    story.product.decide(
        PO, DropItem(item_id=cards, rationale="Out of scope", expected_version=None), story.at()
    )
    story.product.decide(
        PO,
        SetGoal(
            product_id=str(story.product.id),
            title="Convert guests",
            metric="conversion",
            target_date=None,
        ),
        story.at(),
    )
    return replay(story.events())


def stored_snapshot(app: Tandem, product: Product) -> StoredEvent:
    return app.mapper.to_stored_event(Product.Snapshot.take(product))


def library_thaw(app: Tandem, stored: StoredEvent) -> Product:
    snapshot: Any = app.mapper.to_domain_event(stored)
    thawed = snapshot.mutate(None)
    assert isinstance(thawed, Product)
    return thawed


def state(product: Product) -> dict[str, object]:
    return {**vars(product), "items": dict(product.items)}


def test_a_thawed_snapshot_is_the_product_the_library_decodes(app: Tandem) -> None:
    product = checkout()
    stored = stored_snapshot(app, product)

    lazy = thaw(app, stored)

    assert isinstance(lazy.items, LazyItems)
    assert state(lazy) == state(library_thaw(app, stored)) == state(product)
    assert render.backlog_rows(lazy) == render.backlog_rows(product)


def test_items_are_decoded_only_when_read(app: Tandem) -> None:
    product = checkout()
    lazy = thaw(app, stored_snapshot(app, product))
    top = product.order[0]

    page = render.backlog_rows(lazy, None, [top])

    entries = vars(lazy.items)["_entries"]
    decoded = [i for i, entry in entries.items() if isinstance(entry, BacklogItem)]
    assert decoded == [top]
    assert [row.title for row in page] == ["Apple Pay"]


def test_events_after_the_snapshot_apply_to_a_thawed_product(app: Tandem) -> None:
    story = Story()
    ids = story.propose("SSO login", "Guest checkout", "Apple Pay")
    base = replay(story.events())
    lazy = thaw(app, stored_snapshot(app, base))
    story.product.decide(
        PO,
        PrioritizeItem(item_id=ids[2], rank=1, rationale="Launch partner", expected_version=None),
        story.at(),
    )
    story.product.decide(
        EM,
        EstimateItem(item_id=ids[0], points=3, rationale=None, expected_version=None),
        story.at(),
    )
    story.propose("Saved cards")
    story.product.decide(
        PO, DropItem(item_id=ids[1], rationale="Nobody asked", expected_version=None), story.at()
    )
    later = story.events()

    assert state(replay(later, lazy)) == state(replay(later, base))
    assert list(lazy.items) == list(story.product.items)  # proposal order kept
    assert ids[1] in lazy.items and "no-such-item" not in lazy.items
