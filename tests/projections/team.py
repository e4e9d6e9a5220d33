"""A team deciding through the application service, for the view suites.

Ana is the Product Owner of "Checkout", Eve its Engineering Manager, Bo and Cy
engineers and Sam a stakeholder. The clock is injected and ticks one minute per
reading, so every recorded instant is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from api.composition import Container, build
from api.settings import Settings
from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    CompleteItem,
    CreateProduct,
    EstimateItem,
    GrantRole,
    ProposeItem,
    RefineItem,
    RegisterMember,
    StartItem,
)
from domain.vocabulary import Role

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """One minute later at every reading; `set()` moves it anywhere, even back."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start - timedelta(minutes=1)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def set(self, instant: datetime) -> None:
        self.now = instant - timedelta(minutes=1)


def container(url: str, clock: Clock | None = None) -> Container:
    return build(Settings(database_url=url, admin_token="x"), clock=clock or Clock())


@dataclass
class Team:
    app: Tandem
    product_id: str
    ids: dict[str, str]

    @classmethod
    def gather(cls, app: Tandem, product: str = "Checkout") -> Team:
        admin = Actor.admin()
        ids = {
            name: app.decide(
                admin, RegisterMember(name=name, email=f"{name.lower()}@{product.lower()}.test")
            ).member_id
            for name in ("Ana", "Eve", "Bo", "Cy", "Sam")
        }
        product_id = app.decide(
            admin, CreateProduct(name=product, vision="Pay in one tap")
        ).product_id
        for name, role in (
            ("Ana", Role.PRODUCT_OWNER),
            ("Eve", Role.ENGINEERING_MANAGER),
            ("Bo", Role.ENGINEER),
            ("Cy", Role.ENGINEER),
            ("Sam", Role.STAKEHOLDER),
        ):
            app.decide(admin, GrantRole(product_id=product_id, member_id=ids[name], role=role))
        return cls(app, product_id, ids)

    @property
    def ana(self) -> Actor:
        return Actor.member(self.ids["Ana"])

    @property
    def eve(self) -> Actor:
        return Actor.member(self.ids["Eve"])

    def propose(self, *titles: str) -> list[str]:
        return [
            self.app.decide(self.ana, ProposeItem(product_id=self.product_id, title=t)).item_id
            or ""
            for t in titles
        ]

    def make_ready(self, item_id: str, points: float = 3) -> None:
        self.app.decide(self.ana, RefineItem(item_id=item_id, acceptance_criteria=["it works"]))
        self.app.decide(self.eve, EstimateItem(item_id=item_id, points=points))

    def deliver(self, item_id: str) -> None:
        """Ready, started and completed: DONE."""
        self.make_ready(item_id)
        self.app.decide(self.eve, StartItem(item_id=item_id))
        self.app.decide(self.eve, CompleteItem(item_id=item_id))

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0
