"""Given a team: the people, product and backlog the ledger suites decide on.

Ana is the Product Owner, Ben the Engineering Manager, Cleo an engineer, Dev a
stakeholder and Eve a registered member with no role on the product. The clock
is injected and ticks one second per reading, so every instant is known.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.actor import Actor
from domain.application import Tandem
from domain.backlog_item import BacklogItem
from domain.commands import (
    AcceptItem,
    CompleteItem,
    CreateProduct,
    DropItem,
    EstimateItem,
    GrantRole,
    ProposeItem,
    RefineItem,
    RegisterMember,
    StartItem,
)
from domain.errors import DomainError
from domain.persistence.store_url import StoreUrl
from domain.product import Product
from domain.vocabulary import Role

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class Clock:
    """Ticks `step` per reading; `set()` moves it anywhere, even backwards."""

    def __init__(self, start: datetime = MONDAY, step: timedelta = timedelta(seconds=1)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now

    def set(self, instant: datetime) -> None:
        self.now = instant - self.step


def open_ledger(url: str, clock: Clock | None = None) -> Tandem:
    return Tandem(StoreUrl.parse(url).library_env(), clock=clock or Clock())


@contextmanager
def rejects(app: Tandem, error: type[DomainError], match: str | None = None) -> Iterator[Any]:
    """The decision inside raises `error` and the store records nothing."""
    before = app.recorder.max_notification_id()
    with pytest.raises(error, match=match) as info:
        yield info
    assert app.recorder.max_notification_id() == before, "a rejected decision recorded events"


@dataclass
class Team:
    app: Tandem
    product_id: str
    ana: Actor
    ben: Actor
    cleo: Actor
    dev: Actor
    eve: Actor
    admin: Actor = field(default_factory=Actor.admin)

    @classmethod
    def gather(cls, app: Tandem) -> Team:
        """Registers everyone and creates the product "Tandem Web" with their roles."""
        admin = Actor.admin()
        ids = {
            name: app.decide(
                admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
            ).member_id
            for name in ("Ana", "Ben", "Cleo", "Dev", "Eve")
        }
        product_id = app.decide(
            admin, CreateProduct(name="Tandem Web", vision="Pairs ship together")
        ).product_id
        for name, role in (
            ("Ana", Role.PRODUCT_OWNER),
            ("Ben", Role.ENGINEERING_MANAGER),
            ("Cleo", Role.ENGINEER),
            ("Dev", Role.STAKEHOLDER),
        ):
            app.decide(admin, GrantRole(product_id=product_id, member_id=ids[name], role=role))
        return cls(
            app, product_id, *(Actor.member(ids[n]) for n in ("Ana", "Ben", "Cleo", "Dev", "Eve"))
        )

    # -- given -------------------------------------------------------------

    def propose(self, *titles: str) -> list[str]:
        return [
            self.app.decide(self.ana, ProposeItem(product_id=self.product_id, title=t)).item_id
            or ""
            for t in titles
        ]

    def ready(self, item_id: str) -> str:
        self.app.decide(
            self.ana, RefineItem(item_id=item_id, acceptance_criteria=["Works with Okta"])
        )
        self.app.decide(self.ben, EstimateItem(item_id=item_id, points=3))
        return item_id

    def in_progress(self, item_id: str) -> str:
        self.app.decide(self.ben, StartItem(item_id=self.ready(item_id)))
        return item_id

    def done(self, item_id: str) -> str:
        self.app.decide(self.ben, CompleteItem(item_id=self.in_progress(item_id)))
        return item_id

    def accepted(self, item_id: str) -> str:
        self.app.decide(self.ana, AcceptItem(item_id=self.done(item_id)))
        return item_id

    def dropped(self, item_id: str) -> str:
        self.app.decide(self.ana, DropItem(item_id=item_id, rationale="Nobody asked for it"))
        return item_id

    # -- then --------------------------------------------------------------

    @property
    def product(self) -> Product:
        return self.app.product(self.product_id)

    def item(self, item_id: str) -> BacklogItem:
        return self.product.items[item_id]

    def titles(self) -> list[str]:
        """The backlog order, rank 1 first."""
        product = self.product
        return [product.items[i].title for i in product.order]

    def events(self) -> list[Any]:
        return list(self.app.events.get(uuid.UUID(self.product_id)))

    def last_decision(self) -> Any:
        return self.events()[-1]


def recorded_types(app: Tandem) -> Counter[str]:
    """How many events of each class the store holds, read from the notification log."""
    counts: Counter[str] = Counter()
    start = 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=500)
        if not page:
            return counts
        counts.update(n.topic.rsplit(":", 1)[-1] for n in page)
        start = page[-1].id + 1
