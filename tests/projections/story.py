"""Decision histories told straight to a Product aggregate, for tests without a database.

A Story decides with explicit instants (one minute apart) and hands back the
events, so a test reads as given these decisions, expect these rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import reduce
from typing import Any

from domain.actor import Actor
from domain.commands import (
    CompleteItem,
    EstimateItem,
    GrantRole,
    ProposeItem,
    RefineItem,
    StartItem,
)
from domain.product import Product
from domain.vocabulary import ItemKind, Role

# Member ids are UUIDs, as commands require; fixed so that tests read the same each run.
ANA, EVE, BO, CY, SAM = (f"00000000-0000-4000-8000-00000000000{n}" for n in range(1, 6))
NAMES = {ANA: "Ana", EVE: "Eve", BO: "Bo", CY: "Cy", SAM: "Sam"}
PO, EM = Actor.member(ANA), Actor.member(EVE)
ADMIN = Actor.admin()
START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


class Story:
    """A product named Checkout with Ana as Product Owner, Eve as Engineering
    Manager, Bo and Cy as engineers and Sam as stakeholder."""

    def __init__(self, *, staffed: bool = True) -> None:
        self.minutes = 0
        self.product = Product.create(name="Checkout", vision="Pay in one tap", at=self.at())
        if staffed:
            for member, role in (
                (ANA, Role.PRODUCT_OWNER),
                (EVE, Role.ENGINEERING_MANAGER),
                (BO, Role.ENGINEER),
                (CY, Role.ENGINEER),
                (SAM, Role.STAKEHOLDER),
            ):
                self.product.decide(
                    ADMIN,
                    GrantRole(product_id=str(self.product.id), member_id=member, role=role),
                    self.at(),
                )

    def at(self) -> datetime:
        """The next instant: one minute after the previous decision."""
        instant = START + timedelta(minutes=self.minutes)
        self.minutes += 1
        return instant

    def propose(self, *titles: str, kind: ItemKind = ItemKind.FEATURE) -> list[str]:
        return [
            self.product.decide(
                PO,
                ProposeItem(
                    product_id=str(self.product.id),
                    title=title,
                    description=f"{title}, described",
                    kind=kind,
                    rationale=None,
                ),
                self.at(),
            )
            for title in titles
        ]

    def make_ready(self, item_id: str, points: float = 3) -> None:
        self.product.decide(
            PO,
            RefineItem(
                item_id=item_id,
                description=None,
                acceptance_criteria=[f"criterion of {item_id}"],
                expected_version=None,
            ),
            self.at(),
        )
        self.product.decide(
            EM,
            EstimateItem(item_id=item_id, points=points, rationale=None, expected_version=None),
            self.at(),
        )

    def deliver(self, item_id: str) -> None:
        """Ready, started and completed: DONE."""
        self.make_ready(item_id)
        self.product.decide(
            EM, StartItem(item_id=item_id, rationale=None, expected_version=None), self.at()
        )
        self.product.decide(
            EM, CompleteItem(item_id=item_id, rationale=None, expected_version=None), self.at()
        )

    def events(self) -> list[Any]:
        """The events decided since the last call."""
        return list(self.product.collect_events())


def replay(events: list[Any], product: Product | None = None) -> Product:
    """The product folded from its events, as every view's replica is."""
    folded = reduce(lambda state, event: event.mutate(state), events, product)
    assert isinstance(folded, Product)
    return folded
