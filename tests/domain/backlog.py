"""A Product built directly, without an application or a store: the pure rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.actor import Actor
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
        self.product.grant_role(ADMIN, ANA.member_id or "", Role.PRODUCT_OWNER, MONDAY)
        self.product.grant_role(ADMIN, BEN.member_id or "", Role.ENGINEERING_MANAGER, MONDAY)
        self.ids: dict[str, str] = {}
        for title in titles:
            self.propose(title)
        self.product.collect_events()

    def propose(self, title: str) -> str:
        self.ids[title] = self.product.propose_item(ANA, title, "", ItemKind.FEATURE, None, AT)
        return self.ids[title]

    def __getitem__(self, title: str) -> str:
        return self.ids[title]

    # -- given -------------------------------------------------------------

    def ready(self, title: str) -> None:
        self.product.refine_item(ANA, self[title], None, ["Works with Okta"], None, AT)
        self.product.estimate_item(BEN, self[title], 3.0, None, None, AT)

    def started(self, title: str) -> None:
        self.ready(title)
        self.product.start_item(BEN, self[title], None, None, AT)

    def done(self, title: str) -> None:
        self.started(title)
        self.product.complete_item(BEN, self[title], None, None, AT)

    def accepted(self, title: str) -> None:
        self.done(title)
        self.product.accept_item(ANA, self[title], None, None, AT)

    def dropped(self, title: str) -> None:
        self.product.drop_item(ANA, self[title], "Out of scope", None, AT)

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
