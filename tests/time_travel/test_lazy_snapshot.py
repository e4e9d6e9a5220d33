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
from domain.product import Product
from domain.store import StoreUrl
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
    story.product.accept_item(PO, sso, "Shipped", None, story.at())
    story.make_ready(guest, points=5)
    story.product.start_item(EM, guest, None, None, story.at())
    story.product.assign_engineer(EM, guest, BO, 60, None, story.at())
    story.product.estimate_item(EM, apple, 8, "PSP quirks", None, story.at())
    story.product.prioritize_item(PO, apple, 1, "Launch partner", None, story.at())
    story.product.drop_item(PO, cards, "Out of scope", None, story.at())
    story.product.set_goal(PO, "Convert guests", "conversion", None, story.at())
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
    story.product.prioritize_item(PO, ids[2], 1, "Launch partner", None, story.at())
    story.product.estimate_item(EM, ids[0], 3, None, None, story.at())
    story.propose("Saved cards")
    story.product.drop_item(PO, ids[1], "Nobody asked", None, story.at())
    later = story.events()

    assert state(replay(later, lazy)) == state(replay(later, base))
    assert list(lazy.items) == list(story.product.items)  # proposal order kept
    assert ids[1] in lazy.items and "no-such-item" not in lazy.items
