"""One delivery attempt: the SSRF guard again (DNS can change), then one POST, signed
for TANDEM bodies, to an address the guard checked. Answers the HTTP status, or None
for no answer (timeout, refused)."""

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
    lookup: guard.Resolve = guard.resolve,
) -> int | None:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Tandem-Webhooks/1",
        "X-Tandem-Delivery": delivery_id,
    }
    if signed and secret:
        headers["X-Tandem-Signature"] = signature(secret, body)
    try:
        # Each checked address in turn, as a connection to the name would try them.
        targets: list[str | None] = [*guard.check(url, allow_private, lookup)] or [None]
        for tried, address in enumerate(targets, start=1):
            request = client.build_request("POST", url, content=body, headers=headers)
            try:
                return client.send(pinned(request, address)).status_code
            except httpx.ConnectError:
                if tried == len(targets):
                    raise
    except InvalidInput as refused:
        # Logged without the URL: its query string may hold a token.
        log.warning("delivery %s refused: %s", delivery_id, refused)
    except httpx.HTTPError as error:
        log.info("delivery %s got no answer: %s", delivery_id, type(error).__name__)
    return None


def pinned(request: httpx.Request, address: str | None) -> httpx.Request:
    """The request sent to `address`, not to wherever its host name resolves now: the
    Host header stays the name's, and TLS still sends and verifies the name (httpx's
    sni_hostname extension). None leaves the request as it is."""
    if address is not None:
        host = request.url.host
        request.url = request.url.copy_with(host=address.split("%")[0])
        request.extensions["sni_hostname"] = host
    return request
