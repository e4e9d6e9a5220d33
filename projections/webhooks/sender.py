"""One delivery attempt: the SSRF guard again (DNS can change), then one POST, signed
for TANDEM bodies. Answers the HTTP status, or None for no answer (timeout, refused)."""

from __future__ import annotations

import hashlib
import hmac
import logging

import httpx

from domain.errors import InvalidInput
from projections.webhooks import guard

log = logging.getLogger("tandem.webhooks")
# httpx logs each request's full URL at INFO: a webhook's query string may hold a token.
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)


def signature(secret: str, body: bytes) -> str:
    """X-Tandem-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(
    client: httpx.Client,
    url: str,
    body: bytes,
    *,
    delivery_id: str,
    secret: str | None,
    signed: bool,
    allow_private: bool,
) -> int | None:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tandem-Webhooks/1",
        "X-Tandem-Delivery": delivery_id,
    }
    if signed and secret:
        headers["X-Tandem-Signature"] = signature(secret, body)
    try:
        guard.check(url, allow_private)
        response = client.post(url, content=body, headers=headers)
    except InvalidInput as refused:
        # Logged without the URL: its query string may hold a token.
        log.warning("delivery %s refused: %s", delivery_id, refused)
        return None
    except httpx.HTTPError as error:
        log.info("delivery %s got no answer: %s", delivery_id, type(error).__name__)
        return None
    return response.status_code
