"""Sentences of the decisions that tell others: stakeholder updates and webhooks."""

from __future__ import annotations

from domain.updates_events import StakeholderUpdatePublished, WebhookAdded, WebhookRemoved
from projections.decisions.wording import Changes, Wording, sentence


@sentence(StakeholderUpdatePublished)
def update_published(e: StakeholderUpdatePublished, w: Wording) -> tuple[str, Changes]:
    return f"published stakeholder update #{e.number} '{e.headline}'", [
        ("headline", None, e.headline)
    ]


@sentence(WebhookAdded)
def webhook_added(e: WebhookAdded, w: Wording) -> tuple[str, Changes]:
    types = ", ".join(e.types) or "all decisions"
    return f"added a {e.format} webhook to {e.url} for {types}", [("url", None, e.url)]


@sentence(WebhookRemoved)
def webhook_removed(e: WebhookRemoved, w: Wording) -> tuple[str, Changes]:
    return "removed a webhook", [("active", "true", "false")]
