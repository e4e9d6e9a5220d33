"""Webhook delivery settings for the webhooks follower, and the key that seals each
webhook's URL and secret: TANDEM_WEBHOOK_KEY, else a key file beside the SQLite
database, else (PostgreSQL without the setting) one kept in the database, with a
warning: at rest beside what it seals, it protects less."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import logging
from pathlib import Path

from api.settings import Settings
from projections.engine.projections import Projections
from projections.engine.view_store import ViewStore
from projections.webhooks.config import WebhookConfig
from projections.webhooks.secrets import new_key
from projections.webhooks.view import WebhooksView

log = logging.getLogger("tandem.startup")
KEY_TABLE = "CREATE TABLE IF NOT EXISTS tandem_webhook_key (id INTEGER PRIMARY KEY, key TEXT)"
NOT_WEBHOOK_SETTINGS = ("key", "poll_interval")
"""WebhookConfig's fields that are not Settings' webhook_<field>: the key is decoded (or
made), and the outbox is polled as often as the log."""


def configure_webhooks(settings: Settings, projections: Projections) -> WebhookConfig:
    """Gives the webhooks follower its settings, so that it sends where it runs."""
    same_named = {
        field.name: getattr(settings, f"webhook_{field.name}")
        for field in dataclasses.fields(WebhookConfig)
        if field.name not in NOT_WEBHOOK_SETTINGS
    }
    config = WebhookConfig(
        key=webhook_key(settings, projections.store),
        poll_interval=settings.poll_interval,
        **same_named,
    )
    for runner in projections.runners:
        if isinstance(runner.view, WebhooksView):
            runner.view.config = config
    return config


def webhook_key(settings: Settings, store: ViewStore) -> bytes:
    if settings.webhook_key:
        try:
            key = base64.b64decode(settings.webhook_key, validate=True)
        except binascii.Error:
            key = b""
        if len(key) != 32:
            raise ValueError("TANDEM_WEBHOOK_KEY must be 32 bytes, base64-encoded")
        return key
    backend = settings.store.backend
    if backend == "sqlite":
        path = Path(settings.store.sqlite_path + ".webhook-key")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(base64.b64encode(new_key()).decode() + "\n")
            path.chmod(0o600)
        return base64.b64decode(path.read_text().strip())
    if backend != "postgres":
        return new_key()  # memory: nothing outlives the process
    log.warning(
        "TANDEM_WEBHOOK_KEY is unset: webhook secrets are sealed with a key kept in "
        "the database; set it in production"
    )
    with store.transaction() as tx:
        tx.execute(KEY_TABLE)
        tx.execute(
            "INSERT INTO tandem_webhook_key VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
            (base64.b64encode(new_key()).decode(),),
        )
        (stored,) = tx.fetchall("SELECT key FROM tandem_webhook_key WHERE id = 1")
    return base64.b64decode(str(stored[0]))


def webhooks_follower(projections: Projections) -> WebhooksView:
    (follower,) = [r.view for r in projections.runners if isinstance(r.view, WebhooksView)]
    assert isinstance(follower, WebhooksView)
    return follower
