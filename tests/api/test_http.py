"""The HTTP side of /graphql: authentication, methods, content types, bodies."""

from __future__ import annotations

import json

from tests.api.harness import ADMIN_TOKEN, Api, Reply, reply

VIEWER = "{ viewer { name } }"


async def raw(
    api: Api,
    content: bytes | str,
    content_type: str = "application/json",
    token: str | None = ADMIN_TOKEN,
    **headers: str,
) -> Reply:
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = await api.client.post(
        "/graphql", content=content, headers={"Content-Type": content_type, **headers}
    )
    return reply(response)


async def test_a_missing_or_unknown_token_is_unauthenticated(sqlite_api: Api) -> None:
    api = sqlite_api
    for headers in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic YW5h"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer " + "x" * 600},
        {"Authorization": f"Bearer {ADMIN_TOKEN}x"},
    ):
        response = await api.client.post("/graphql", json={"query": VIEWER}, headers=headers)
        answer = reply(response)
        assert (answer.status, answer.code) == (200, "UNAUTHENTICATED"), headers
    ana = api.tokens["Ana"]
    for header in (f"Bearer {ana}", f"bearer {ana}", f"  Bearer   {ana}  "):
        response = await api.client.post(
            "/graphql", json={"query": VIEWER}, headers={"Authorization": header}
        )
        assert reply(response).data == {"viewer": {"name": "Ana"}}, header


async def test_introspection_needs_no_token_when_it_is_on(sqlite_api: Api) -> None:
    answer = await sqlite_api.post("{ __schema { queryType { name } } }", as_=None)
    assert answer.data == {"__schema": {"queryType": {"name": "Query"}}}


async def test_queries_over_get_but_never_mutations(sqlite_api: Api) -> None:
    api, headers = sqlite_api, {"Authorization": f"Bearer {sqlite_api.tokens['Ana']}"}
    response = await api.client.get("/graphql", params={"query": VIEWER}, headers=headers)
    assert reply(response).data == {"viewer": {"name": "Ana"}}
    variables = json.dumps({"p": api.product_id})
    response = await api.client.get(
        "/graphql",
        headers=headers,
        params={"query": "query($p: ID!) { product(id: $p) { name } }", "variables": variables},
    )
    assert reply(response).data == {"product": {"name": "Checkout"}}
    head = api.head()
    response = await api.client.get(
        "/graphql",
        headers=headers,
        params={
            "query": f'mutation {{ proposeItem(input: {{productId: "{api.product_id}", '
            'title: "GET"}) { item { id } } }',
        },
    )
    answer = reply(response)
    assert (answer.status, answer.code) == (405, "BAD_USER_INPUT") and api.head() == head
    response = await api.client.get(
        "/graphql", headers=headers, params={"query": VIEWER, "variables": "{not json"}
    )
    assert reply(response).status == 400


async def test_only_json_bodies_are_accepted(sqlite_api: Api) -> None:
    """A cross-site form can post only form-encoded, multipart or plain text bodies."""
    head = sqlite_api.head()
    body = json.dumps(
        {"query": 'mutation { createProduct(input: {name: "x", vision: "y"}) { product { id } } }'}
    )
    for content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "text/plain",
        "",
        "application/graphql",
    ):
        answer = await raw(sqlite_api, body, content_type)
        assert (answer.status, answer.code) == (415, "BAD_USER_INPUT"), content_type
    answer = await raw(sqlite_api, body, "application/json; charset=utf-8")
    assert answer.status == 200 and not answer.errors
    assert sqlite_api.head() == head + 1


async def test_malformed_bodies_are_refused_with_json_errors(sqlite_api: Api) -> None:
    cases = [
        b"{",
        b"\xff\xfe{}",
        b"[]",
        b'[{"query": "{ viewer { name } }"}]',
        b'"query"',
        b"{}",
        b'{"query": ""}',
        b'{"query": 42}',
        b'{"query": "{ viewer { name } }", "variables": [1]}',
        b'{"query": "{ viewer { name } }", "operationName": 1}',
        b'{"query": "{ viewer { name } }", "extensions": "x"}',
        b'{"query": "{ viewer { name } }", "variables": {"x": "\\ud800"}}',
        b"[" * 100_000 + b"]" * 100_000,
    ]
    for body in cases:
        answer = await raw(sqlite_api, body)
        assert answer.status == 400 and answer.code == "BAD_USER_INPUT", (body[:40], answer)


async def test_a_body_over_256_kib_is_refused(sqlite_api: Api) -> None:
    padding = " " * (256 * 1024)
    answer = await raw(sqlite_api, '{"query": "{ viewer { name } }"' + padding + "}")
    assert (answer.status, answer.code) == (413, "BAD_USER_INPUT")
    just_under = '{"query": "{ viewer { name } }"}'
    answer = await raw(sqlite_api, just_under + " " * (256 * 1024 - len(just_under)))
    assert answer.status == 200 and not answer.errors


async def test_subscriptions_and_unknown_operations_over_http_are_refused(
    sqlite_api: Api,
) -> None:
    answer = await sqlite_api.post(
        "subscription($p: ID!) { decisionRecorded(productId: $p) { id } }",
        {"p": sqlite_api.product_id},
    )
    assert (answer.status, answer.code) == (400, "GRAPHQL_VALIDATION_FAILED")
    answer = await sqlite_api.post("query A { viewer { name } } query B { viewer { name } }")
    assert (answer.status, answer.code) == (200, "GRAPHQL_VALIDATION_FAILED")
    answer = await sqlite_api.post("query A { viewer { name } }", operationName="B")
    assert (answer.status, answer.code) == (200, "GRAPHQL_VALIDATION_FAILED")
    answer = await sqlite_api.post(
        "query A { viewer { name } } query B { products { name } }", operationName="B"
    )
    assert answer.data == {"products": [{"name": "Checkout"}]}


async def test_every_answer_carries_a_request_id(sqlite_api: Api) -> None:
    response = await sqlite_api.client.post(
        "/graphql", json={"query": VIEWER}, headers={"X-Request-Id": "req-42"}
    )
    assert response.headers["X-Request-Id"] == "req-42"
    response = await sqlite_api.client.post("/graphql", content=b"{")
    assert len(response.headers["X-Request-Id"]) >= 16


async def test_the_access_log_learns_the_operation_name(sqlite_api: Api) -> None:
    seen: dict[str, object] = {}

    @sqlite_api.app.middleware("http")
    async def remember(request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        seen.update(name=request.state.operation_name, outcome=request.state.outcome)
        return response

    sqlite_api.app.middleware_stack = sqlite_api.app.build_middleware_stack()
    await sqlite_api.post("query Backlog { products { name } }", as_="Ana")
    assert seen == {"name": "Backlog", "outcome": "ok"}
    await sqlite_api.post("query Mine { products { name } }", as_=None)
    assert seen == {"name": "Mine", "outcome": "UNAUTHENTICATED"}
