"""Which media type a GraphQL response is sent as, per the GraphQL-over-HTTP spec.

`application/graphql-response+json` is chosen when the Accept header prefers it; then
the status says whether GraphQL ran: a response without `data` (the document did not
parse or validate, its variables did not coerce, nothing was executed) is a 4xx or 5xx.
`application/json` (the default, and the answer to `*/*`) keeps every GraphQL result
at 200, as clients written before the spec's media type expect.
"""

from __future__ import annotations

from typing import Any

from api.graphql.errors import INTERNAL, UNAVAILABLE

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_AS_JSON = frozenset({JSON, "application/*", "*/*"})


def negotiated(accept: str | None) -> str:
    """The media type to answer with; JSON when Accept is absent or names neither."""
    chosen, chosen_q = JSON, 0.0
    for entry in (accept or "").split(","):
        media, *parameters = (part.strip() for part in entry.split(";"))
        media = media.lower()
        if media == GRAPHQL_RESPONSE:
            candidate = GRAPHQL_RESPONSE
        elif media in _AS_JSON:
            candidate = JSON
        else:
            continue
        q = quality(parameters)
        # On a tie the spec's own media type wins: clients list both for compatibility.
        if q > chosen_q or (q == chosen_q and q > 0 and candidate == GRAPHQL_RESPONSE):
            chosen, chosen_q = candidate, q
    return chosen


def quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def status_for(media_type: str, status: int, body: dict[str, Any]) -> int:
    """The HTTP status of a response sent as `media_type`."""
    if media_type != GRAPHQL_RESPONSE or status != 200 or "data" in body:
        return status
    code = (body.get("errors") or [{}])[0].get("extensions", {}).get("code")
    return {INTERNAL: 500, UNAVAILABLE: 503}.get(code, 400)
