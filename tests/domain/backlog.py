"""A Product built directly, without an application or a store: the pure rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.actor import Actor
from domain.commands import (
    AcceptItem,
    CompleteItem,
    DropItem,
    EstimateItem,
    GrantRole,
    ProposeItem,
    RefineItem,
    StartItem,
)
from domain.product import Product
from domain.vocabulary import ItemKind, Role
from tests.given import MONDAY

ANA = Actor.member("0a0a0a0a-0000-4000-8000-00000000a0a0")  # Product Owner
BEN = Actor.member("0b0b0b0b-0000-4000-8000-00000000b0b0")  # Engineering Manager
ADMIN = Actor.admin()
AT = MONDAY + timedelta(hours=1)


class Backlog:
    """Given a product whose decisions so far are already saved (none pending)."""

    def __init__(self, *titles: str) -> None:
        self.product = Product.create(name="Tandem Web", vision="Pairs ship together", at=MONDAY)
        self.product.decide(
            ADMIN,
            GrantRole(
                product_id=str(self.product.id),
                member_id=ANA.member_id or "",
                role=Role.PRODUCT_OWNER,
            ),
            MONDAY,
        )
        self.product.decide(
            ADMIN,
            GrantRole(
                product_id=str(self.product.id),
                member_id=BEN.member_id or "",
                role=Role.ENGINEERING_MANAGER,
            ),
            MONDAY,
        )
        self.ids: dict[str, str] = {}
        for title in titles:
            self.propose(title)
        self.product.collect_events()

    def propose(self, title: str) -> str:
        self.ids[title] = self.product.decide(
            ANA,
            ProposeItem(
                product_id=str(self.product.id),
                title=title,
                description="",
                kind=ItemKind.FEATURE,
                rationale=None,
            ),
            AT,
        )
        return self.ids[title]

    def __getitem__(self, title: str) -> str:
        return self.ids[title]

    # -- given -------------------------------------------------------------

    def ready(self, title: str) -> None:
        self.product.decide(
            ANA,
            RefineItem(
                item_id=self[title],
                description=None,
                acceptance_criteria=["Works with Okta"],
                expected_version=None,
            ),
            AT,
        )
        self.product.decide(
            BEN,
            EstimateItem(item_id=self[title], points=3.0, rationale=None, expected_version=None),
            AT,
        )

    def started(self, title: str) -> None:
        self.ready(title)
        self.product.decide(
            BEN, StartItem(item_id=self[title], rationale=None, expected_version=None), AT
        )

    def done(self, title: str) -> None:
        self.started(title)
        self.product.decide(
            BEN, CompleteItem(item_id=self[title], rationale=None, expected_version=None), AT
        )

    def accepted(self, title: str) -> None:
        self.done(title)
        self.product.decide(
            ANA, AcceptItem(item_id=self[title], rationale=None, expected_version=None), AT
        )

    def dropped(self, title: str) -> None:
        self.product.decide(
            ANA, DropItem(item_id=self[title], rationale="Out of scope", expected_version=None), AT
        )

    def saved(self) -> Backlog:
        self.product.collect_events()
        return self

    # -- then --------------------------------------------------------------

    def order(self) -> list[str]:
        return [self.product.items[i].title for i in self.product.order]

    def rank(self, title: str) -> int | None:
        return self.product.rank_of(self[title])

    def status(self, title: str) -> str:
        return self.product.items[self[title]].status.value

    def pending(self) -> list[Any]:
        return list(self.product.pending_events)
