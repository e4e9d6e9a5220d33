"""In-memory replicas of products, evolved by the same events that built them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.application import Application

from domain.product import Product
from domain.product_events import ProductCreated, ProductDecision


class ProductReplicas:
    """A view's working copy of each product, as of the last event it applied.

    On a cold start a replica is rebuilt from the event store at the version the
    view recorded (snapshots make that cheap), so a restarted runner resumes
    without replaying the whole log.
    """

    def __init__(self, app: Application[uuid.UUID]) -> None:
        self.app = app
        self.products: dict[str, Product] = {}

    def forget(self) -> None:
        self.products.clear()

    def align(self, events: Sequence[Any]) -> None:
        """Brings each product's replica to just before its first event in `events`.

        Runners call this before opening a batch's transaction: loading from the
        event store inside it would take a second connection while holding the
        writer one, and on SQLite the library's pool then stalls every writer of
        the process (API saves included) until its 5 s timeout.
        """
        seen: set[str] = set()
        for event in events:
            product_id = str(event.originator_id)
            if product_id in seen or not isinstance(event, ProductCreated | ProductDecision):
                continue
            seen.add(product_id)
            if isinstance(event, ProductDecision):
                product = self.products.get(product_id)
                if product is None or product.version != event.originator_version - 1:
                    self.products[product_id] = self._at(product_id, event.originator_version - 1)

    def apply(self, event: Any, stored_version: Callable[[str], int | None]) -> Product:
        product_id = str(event.originator_id)
        if isinstance(event, ProductCreated):
            product = event.mutate(None)
            assert isinstance(product, Product)
        else:
            assert isinstance(event, ProductDecision)
            product = self.products.get(product_id) or self._load(product_id, stored_version)
            assert isinstance(product, Product)
            if product.version != event.originator_version - 1:
                # The view is behind or ahead of this replica: realign from the store.
                product = self._at(product_id, event.originator_version - 1)
            event.mutate(product)
        self.products[product_id] = product
        return product

    def _load(self, product_id: str, stored_version: Callable[[str], int | None]) -> Product:
        version = stored_version(product_id)
        if version is None:
            raise LookupError(f"product {product_id} has no row in this view")
        return self._at(product_id, version)

    def _at(self, product_id: str, version: int) -> Product:
        product: Product = self.app.repository.get(uuid.UUID(product_id), version=version)
        return product
