"""Automatic persisted queries (Apollo's protocol) over POST and GET."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from api.graphql.http_request import GraphQLRequest, Rejected
from api.graphql.persisted_queries import PersistedQueries
from tests.api.harness import ADMIN_TOKEN, Api, Reply, reply

BACKLOG = "{ products { name backlog { totalCount } } }"
CHECKOUT = {"products": [{"name": "Checkout", "backlog": {"totalCount": 3}}]}
NOT_FOUND = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}
AUTHORIZED = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(document: str, version: Any = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256(document)}}


async def post(api: Api, **body: Any) -> Reply:
    return reply(await api.client.post("/graphql", json=body, headers=AUTHORIZED))


async def get(api: Api, **params: Any) -> Reply:
    query = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
    return reply(await api.client.get("/graphql", params=query, headers=AUTHORIZED))


async def test_an_unknown_hash_is_answered_persisted_query_not_found(sqlite_api: Api) -> None:
    for answer in (
        await post(sqlite_api, extensions=persisted(BACKLOG)),
        await get(sqlite_api, extensions=persisted(BACKLOG)),
    ):
        assert (answer.status, answer.body) == (200, NOT_FOUND)


async def test_a_hash_sent_with_its_document_registers_it_for_post_and_get(
    sqlite_api: Api,
) -> None:
    registered = await post(sqlite_api, query=BACKLOG, extensions=persisted(BACKLOG))
    assert registered.data == CHECKOUT
    assert (await post(sqlite_api, extensions=persisted(BACKLOG))).data == CHECKOUT
    assert (await get(sqlite_api, extensions=persisted(BACKLOG))).data == CHECKOUT


async def test_a_document_registered_over_get_runs_with_variables(sqlite_api: Api) -> None:
    document = "query Named($first: Int) { products { backlog(first: $first) { totalCount } } }"
    variables = {"first": 1}
    first = await get(
        sqlite_api, query=document, variables=variables, extensions=persisted(document)
    )
    again = await get(sqlite_api, variables=variables, extensions=persisted(document))
    assert first.data == again.data == {"products": [{"backlog": {"totalCount": 3}}]}


async def test_a_hash_that_is_not_the_documents_is_refused_and_not_registered(
    sqlite_api: Api,
) -> None:
    other = persisted("{ __typename }")
    answer = await post(sqlite_api, query=BACKLOG, extensions=other)
    assert (answer.status, answer.code) == (400, "BAD_USER_INPUT")
    assert "SHA-256" in answer.errors[0]["message"] and "data" not in answer.body
    assert (await post(sqlite_api, extensions=other)).body == NOT_FOUND


async def test_malformed_persisted_queries_are_refused_clearly(sqlite_api: Api) -> None:
    for extensions in (
        persisted(BACKLOG, version=2),
        {"persistedQuery": {"version": 1, "sha256Hash": "abc"}},
        {"persistedQuery": {"version": 1}},
        {"persistedQuery": "sha"},
    ):
        answer = await post(sqlite_api, extensions=extensions)
        assert (answer.status, answer.code) == (400, "BAD_USER_INPUT"), extensions
    bad_json = await sqlite_api.client.get(
        "/graphql", params={"extensions": "{nope"}, headers=AUTHORIZED
    )
    assert (bad_json.status_code, reply(bad_json).code) == (400, "BAD_USER_INPUT")


async def test_a_persisted_mutation_is_still_refused_over_get(sqlite_api: Api) -> None:
    mutation = 'mutation { registerMember(input: {name: "Zoe", email: "z@t.example"}) { token } }'
    await post(sqlite_api, query="{ __typename }", extensions=persisted("{ __typename }"))
    answer = await get(sqlite_api, query=mutation, extensions=persisted(mutation))
    assert answer.status == 405 and "data" not in answer.body
    again = await get(sqlite_api, extensions=persisted(mutation))
    assert again.status == 405


async def test_not_found_follows_the_graphql_response_media_type(sqlite_api: Api) -> None:
    response = await sqlite_api.client.post(
        "/graphql",
        json={"extensions": persisted(BACKLOG)},
        headers={**AUTHORIZED, "Accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400 and response.json() == NOT_FOUND


def test_the_store_forgets_the_least_recently_used_documents_first() -> None:
    store = PersistedQueries(max_documents=2, max_characters=100)
    documents = ["{ a }", "{ b }", "{ c }"]

    def register(document: str) -> str:
        return store.document(GraphQLRequest(document, extensions=persisted(document)))

    def recall(document: str) -> str:
        return store.document(GraphQLRequest(None, extensions=persisted(document)))

    register(documents[0]), register(documents[1])
    recall(documents[0])  # now the most recent: {b} goes first
    register(documents[2])
    assert recall(documents[0]) == documents[0] and recall(documents[2]) == documents[2]
    assert len(store) == 2
    with pytest.raises(Rejected, match="PersistedQueryNotFound"):
        recall(documents[1])
    register("{ " + "d " * 60 + "}")  # alone over the character bound: not kept
    assert len(store) == 2
