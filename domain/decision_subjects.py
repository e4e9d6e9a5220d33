"""What every decision about one thing a product holds by id (a goal, an iteration)
does the same way, said once: find it, apply the decision to it, count its version."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.event_fields import set_after
from domain.product_events import ProductDecision

if TYPE_CHECKING:
    from domain.product import Product


class SubjectDecision(ProductDecision):
    """A decision about one thing the product holds: subject() finds it, change()
    applies the decision to it (by default, setting the attribute `sets` names), and
    its version counts the decisions about it."""

    def evolve(self, product: Product) -> None:
        subject = self.subject(product)
        self.change(subject)
        subject.version += 1

    def subject(self, product: Product) -> Any:
        raise NotImplementedError

    def change(self, subject: Any) -> None:
        set_after(self, subject)
