"""addWebhook, removeWebhook and redeliver. The URL and secret are sealed and stored
under a new webhook id before the decision is taken, so the first delivery finds them;
the decision itself records neither the secret nor the URL's query string."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import anyio.to_thread
import strawberry

from api.graphql.arguments import parse_id
from api.graphql.decide import decide, recorded_decision, settle
from api.graphql.errors import CONFLICT, FORBIDDEN, NOT_FOUND, UNAVAILABLE, ApiError, bad_input
from api.graphql.types.decisions import Decision
from api.graphql.types.node import Info
from api.graphql.types.product import TYPE_NAMES
from api.graphql.types.webhooks import Webhook
from api.graphql.updates_inputs import AddWebhookInput, RedeliverInput, WebhookInput
from api.webhook_setup import webhooks_follower
from domain import commands as c
from domain.errors import DomainError
from domain.outcome import Outcome
from projections.engine.instants import instant
from projections.engine.view_store import ViewStore
from projections.engine.wakeups import BESIDE
from projections.webhooks import guard, secrets
from projections.webhooks.rows import WebhookRow

MAX_SECRET = 500
MAX_URL = 2000


@strawberry.type(description="The webhook after the change, and the decision if one was recorded.")
class WebhookPayload:
    webhook: Webhook = strawberry.field(description="The webhook, as the views now show it.")
    decision: Decision | None = strawberry.field(description="Null for redeliver (no decision).")


def shown_url(url: str) -> str:
    """Scheme, host and path: what the decision records and answers show."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


async def add_webhook(info: Info, input: AddWebhookInput) -> WebhookPayload:
    info.context.require_viewer()
    services = info.context.services
    settings = services.container.settings
    product_id = parse_id(input.product_id, "productId")
    if len(input.url) > MAX_URL:
        raise bad_input(f"url is longer than {MAX_URL} characters")
    if input.secret is not None and not 0 < len(input.secret) <= MAX_SECRET:
        raise bad_input(f"secret must be 1 to {MAX_SECRET} characters")
    unknown = [t for t in input.types if t not in TYPE_NAMES]
    if unknown:
        raise bad_input(f"unknown decision type {', '.join(map(repr, unknown))} in types")
    try:
        await anyio.to_thread.run_sync(guard.check, input.url, settings.webhook_allow_private)
    except DomainError as error:
        raise ApiError.from_domain(error) from None
    webhook_id = str(uuid.uuid4())
    follower = webhooks_follower(services.container.projections)
    sealer = secrets.Sealer(follower.sealing_key())
    sealed = sealer.seal(webhook_id, secrets.Sealed(url=input.url, secret=input.secret))
    store = services.container.projections.store
    await anyio.to_thread.run_sync(_store_sealed, store, webhook_id, sealed)
    fields = SimpleNamespace(
        product_id=product_id,
        url=shown_url(input.url),
        format=input.format.value,
        types=tuple(dict.fromkeys(input.types)),
        webhook_id=webhook_id,
        idempotency_key=input.idempotency_key,
    )
    try:
        outcome = await decide(info, c.AddWebhook, fields)
    except ApiError:
        await anyio.to_thread.run_sync(_forget_sealed, store, webhook_id)
        raise
    if outcome.replayed:
        await anyio.to_thread.run_sync(_forget_sealed, store, webhook_id)
    await settle(info, outcome)
    row = await services.reader.webhook_at(product_id, outcome.version or 0)
    return await _payload(info, row, outcome)


async def remove_webhook(info: Info, input: WebhookInput) -> WebhookPayload:
    info.context.require_viewer()
    row = await _webhook(info, input.webhook_id)
    fields = SimpleNamespace(
        product_id=row.product_id, webhook_id=row.id, idempotency_key=input.idempotency_key
    )
    outcome = await decide(info, c.RemoveWebhook, fields)
    await settle(info, outcome)
    return await _payload(info, await info.context.services.reader.webhook(row.id), outcome)


async def redeliver(info: Info, input: RedeliverInput) -> WebhookPayload:
    """Sends again every delivery of the webhook from fromPosition (inclusive)."""
    viewer = info.context.require_viewer()
    if input.from_position < 0:
        raise bad_input("fromPosition must not be negative")
    row = await _webhook(info, input.webhook_id)
    held = (await info.context.roles()).get(row.product_id, set())
    if not viewer.is_admin and "PRODUCT_OWNER" not in held:
        raise ApiError(FORBIDDEN, "only the administrator or the Product Owner may redeliver")
    if not row.active:
        raise ApiError(CONFLICT, "the webhook is removed: nothing is sent to it any more")
    store = info.context.services.container.projections.store
    await anyio.to_thread.run_sync(_reopen, store, row.id, input.from_position)
    webhooks_follower(info.context.services.container.projections).wake()
    return WebhookPayload(webhook=Webhook.from_row(row), decision=None)


async def _webhook(info: Info, webhook_id: str) -> WebhookRow:
    await settle(info)
    row = await info.context.services.reader.webhook(parse_id(webhook_id, "webhookId"))
    if row is None:
        raise ApiError(NOT_FOUND, f"no webhook {webhook_id}")
    if not await info.context.may_read(row.product_id):
        raise ApiError(FORBIDDEN, "only members of this product may decide on it")
    return row


async def _payload(info: Info, row: WebhookRow | None, outcome: Outcome) -> WebhookPayload:
    decision = await recorded_decision(info, outcome)
    if row is None:
        raise ApiError(UNAVAILABLE, "the webhook is not yet visible", retryable=True)
    return WebhookPayload(
        webhook=Webhook.from_row(row), decision=Decision.from_row(decision) if decision else None
    )


def _store_sealed(store: ViewStore, webhook_id: str, sealed: str) -> None:
    with store.transaction() as tx:
        secrets.store(tx, webhook_id, sealed)


def _forget_sealed(store: ViewStore, webhook_id: str) -> None:
    with store.transaction() as tx:
        tx.execute("DELETE FROM webhook_secrets WHERE webhook_id = ?", (webhook_id,))


def _reopen(store: ViewStore, webhook_id: str, from_position: int) -> None:
    with store.transaction() as tx:
        tx.execute(
            "UPDATE webhook_deliveries SET status = 'PENDING', attempts = 0, round = round + 1, "
            "last_response_status = NULL, next_attempt_at = ? "
            "WHERE webhook_id = ? AND position >= ?",
            (instant(datetime.now(UTC)), webhook_id, from_position),
        )
        if store.postgres:  # the projections worker may be another process
            tx.execute("SELECT pg_notify(?, '')", (BESIDE,))
