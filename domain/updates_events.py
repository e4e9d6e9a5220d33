"""Decisions that tell others what was decided: a stakeholder update, published with
its report exactly as composed, and the webhooks that hear about decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.product_events import ProductDecision

if TYPE_CHECKING:
    from domain.product import Product


class StakeholderUpdatePublished(ProductDecision):
    """The report over (window_from, window_to], stored as published: later decisions
    never change it."""

    update_id: str
    number: int
    headline: str
    note: str | None
    markdown: str
    window_from: str
    window_to: str

    def evolve(self, product: Product) -> None:
        product.updates_published = self.number
        product.last_update_to = self.window_to


class WebhookAdded(ProductDecision):
    """A webhook for the product's decisions (all types when `types` is empty). The
    URL's query string and the secret are not recorded here."""

    webhook_id: str
    url: str
    format: str
    types: list[str]

    def evolve(self, product: Product) -> None:
        product.webhooks = {**product.webhooks, self.webhook_id: True}


class WebhookRemoved(ProductDecision):
    webhook_id: str

    def evolve(self, product: Product) -> None:
        product.webhooks = {**product.webhooks, self.webhook_id: False}


UPDATE_DECISIONS = (StakeholderUpdatePublished, WebhookAdded, WebhookRemoved)
