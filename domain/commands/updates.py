"""Decisions about telling others what was decided: stakeholder updates and webhooks."""

from __future__ import annotations

from typing import Any

from domain.commands.base import ProductCommand
from domain.commands.fields import Headline, Note, WebhookId


class PublishUpdate(ProductCommand):
    """Publishes a report composed by the server over (previous update, now]: the
    composer reads the views at `expected_version` of the product, and the product
    refuses the report if it moved on meanwhile (the window would miss a decision)."""

    headline: Headline
    note: Note = None
    markdown: str = ""
    expected_version: int | None = None

    def fields(self) -> dict[str, Any]:
        """A keyed retry is the same request even when the report would now differ."""
        return {"product_id": self.product_id, "headline": self.headline, "note": self.note}


class AddWebhook(ProductCommand):
    """The URL arrives already checked (scheme, SSRF guard) and split: only its
    scheme, host and path are recorded; the secret never enters a command."""

    url: str
    format: str = "TANDEM"
    types: tuple[str, ...] = ()
    webhook_id: str = ""
    """Chosen by the caller, who sealed the URL and secret under it before deciding."""

    def fields(self) -> dict[str, Any]:
        """A keyed retry is the same request whatever id the retry would have chosen."""
        return {
            "product_id": self.product_id,
            "url": self.url,
            "format": self.format,
            "types": list(self.types),
        }


class RemoveWebhook(ProductCommand):
    webhook_id: WebhookId
