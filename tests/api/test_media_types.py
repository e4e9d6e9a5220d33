"""application/graphql-response+json, as the GraphQL-over-HTTP spec describes it."""

from __future__ import annotations

import json

import pytest

from api.graphql.media_types import GRAPHQL_RESPONSE, JSON, negotiated, status_for
from tests.api.harness import ADMIN_TOKEN, Api

BOTH = f"{GRAPHQL_RESPONSE}, {JSON};q=0.9"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        (JSON, JSON),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (BOTH, GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),  # a tie: the spec's own wins
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        (f"{GRAPHQL_RESPONSE};q=0", JSON),
        ("text/html", JSON),
    ],
)
def test_the_accept_header_chooses_the_media_type(accept: str | None, chosen: str) -> None:
    assert negotiated(accept) == chosen


def test_only_a_response_where_nothing_ran_changes_status() -> None:
    failed = {"errors": [{"message": "x", "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]}
    assert status_for(GRAPHQL_RESPONSE, 200, failed) == 400
    assert status_for(JSON, 200, failed) == 200
    assert status_for(GRAPHQL_RESPONSE, 200, {"data": None, **failed}) == 200
    unavailable = {"errors": [{"message": "x", "extensions": {"code": "UNAVAILABLE"}}]}
    assert status_for(GRAPHQL_RESPONSE, 200, unavailable) == 503
    assert status_for(GRAPHQL_RESPONSE, 415, failed) == 415


async def send(api: Api, query: str, accept: str) -> tuple[int, str, dict[str, object]]:
    response = await api.client.post(
        "/graphql",
        content=json.dumps({"query": query}),
        headers={
            "Content-Type": JSON,
            "Accept": accept,
            "Authorization": f"Bearer {ADMIN_TOKEN}",
        },
    )
    return response.status_code, response.headers["content-type"], response.json()


async def test_parse_and_validation_failures_are_400_only_with_the_new_media_type(
    sqlite_api: Api,
) -> None:
    for broken in ("{ viewer { name }", "{ viewr { name } }"):
        status, media, body = await send(sqlite_api, broken, BOTH)
        assert (status, media) == (400, GRAPHQL_RESPONSE) and "data" not in body
        status, media, body = await send(sqlite_api, broken, JSON)
        assert (status, media) == (200, JSON) and body["errors"]


async def test_an_executed_operation_is_200_with_either_media_type(sqlite_api: Api) -> None:
    for accept in (BOTH, JSON, "*/*"):
        status, _, body = await send(sqlite_api, '{ product(id: "nope") { name } }', accept)
        assert status == 200 and "data" in body, (accept, body)
