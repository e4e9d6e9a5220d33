"""Decisions about telling others: stakeholder updates and webhooks."""

from __future__ import annotations

import uuid
from typing import cast

from domain import commands as c
from domain.errors import Conflict, NotFound
from domain.handlers import By, decides
from domain.product.state import ProductState
from domain.updates_events import StakeholderUpdatePublished, WebhookAdded, WebhookRemoved


class UpdateDecisions(ProductState):
    # Class-level defaults: snapshots stored before these decisions existed lack them.
    # Unannotated, so that the library does not make them constructor fields.
    updates_published = 0
    last_update_to = ""
    webhooks = cast(dict[str, bool], {})  # whether each is active; replaced, never mutated

    @decides(c.PublishUpdate)
    def publish_update(self, by: By, cmd: c.PublishUpdate) -> str:
        """Records StakeholderUpdatePublished over (previous update's to, now]."""
        self.check_expected(cmd.expected_version, self.version, "the product")
        return self.record_new(
            StakeholderUpdatePublished,
            by,
            cmd,
            "update_id",
            number=self.updates_published + 1,
            window_from=self.last_update_to or self.created_on.isoformat(),
            window_to=by.at.isoformat(),
        )

    @decides(c.AddWebhook)
    def add_webhook(self, by: By, cmd: c.AddWebhook) -> str:
        webhook_id = cmd.webhook_id or str(uuid.uuid4())
        if webhook_id in self.webhooks:
            raise Conflict("a webhook with this id exists already")
        self.record(WebhookAdded, by, cmd, webhook_id=webhook_id)
        return webhook_id

    @decides(c.RemoveWebhook)
    def remove_webhook(self, by: By, cmd: c.RemoveWebhook) -> None:
        if cmd.webhook_id not in self.webhooks:
            raise NotFound(f"no webhook {cmd.webhook_id}")
        if not self.webhooks[cmd.webhook_id]:
            raise Conflict("the webhook is removed already")
        self.record(WebhookRemoved, by, cmd)
