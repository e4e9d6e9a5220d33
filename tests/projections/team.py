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
            name: app.register_member(
                admin, name, f"{name.lower()}@{product.lower()}.test"
            ).member_id
            for name in ("Ana", "Eve", "Bo", "Cy", "Sam")
        }
        product_id = app.create_product(admin, product, "Pay in one tap").product_id
        for name, role in (
            ("Ana", Role.PRODUCT_OWNER),
            ("Eve", Role.ENGINEERING_MANAGER),
            ("Bo", Role.ENGINEER),
            ("Cy", Role.ENGINEER),
            ("Sam", Role.STAKEHOLDER),
        ):
            app.grant_role(admin, product_id, ids[name], role)
        return cls(app, product_id, ids)

    @property
    def ana(self) -> Actor:
        return Actor.member(self.ids["Ana"])

    @property
    def eve(self) -> Actor:
        return Actor.member(self.ids["Eve"])

    def propose(self, *titles: str) -> list[str]:
        return [self.app.propose_item(self.ana, self.product_id, t).item_id or "" for t in titles]

    def make_ready(self, item_id: str, points: float = 3) -> None:
        self.app.refine_item(self.ana, item_id, acceptance_criteria=["it works"])
        self.app.estimate_item(self.eve, item_id, points)

    def deliver(self, item_id: str) -> None:
        """Ready, started and completed: DONE."""
        self.make_ready(item_id)
        self.app.start_item(self.eve, item_id)
        self.app.complete_item(self.eve, item_id)

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0
