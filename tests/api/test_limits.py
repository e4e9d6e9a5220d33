"""Limits against abusive documents, and the introspection and GraphiQL switches."""

from __future__ import annotations

import httpx

from domain.commands import RegisterMember
from tests.api.harness import Api, reply, running
from tests.backends import database_url


def aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: viewer {{ name }}" for i in range(count)) + " }"


async def test_at_most_100_aliases(sqlite_api: Api) -> None:
    assert (await sqlite_api.post(aliases(100), as_="Ana")).errors == []
    answer = await sqlite_api.post(aliases(101), as_="Ana")
    assert answer.code == "GRAPHQL_VALIDATION_FAILED" and "data" not in answer.body
    assert "aliases" in answer.errors[0]["message"]


async def test_at_most_10000_tokens(sqlite_api: Api) -> None:
    def document(statuses: int) -> str:  # 15 tokens besides the statuses
        listed = " ".join(["PROPOSED"] * statuses)
        return "{ products { backlog(status: [" + listed + "]) { totalCount } } }"

    fine = await sqlite_api.post(document(10_000 - 15), as_="Ana")
    assert fine.data == {"products": [{"backlog": {"totalCount": 3}}]}
    answer = await sqlite_api.post(document(10_000 - 14), as_="Ana")
    assert answer.code == "GRAPHQL_VALIDATION_FAILED"
    assert "tokens" in answer.errors[0]["message"]


async def test_at_most_15_levels_deep(sqlite_api: Api) -> None:
    nested = "name"
    for level in range(16):
        nested = f"f{level} {{ {nested} }}"
    answer = await sqlite_api.post("{ products { " + nested + " } }", as_="Ana")
    assert answer.code == "GRAPHQL_VALIDATION_FAILED"
    assert any("exceeds maximum operation depth of 15" in e["message"] for e in answer.errors)


async def test_introspection_can_be_switched_off() -> None:
    with database_url("memory") as url:
        async with running(url, introspection=False) as api:
            answer = await api.post("{ __schema { types { name } } }")
            assert answer.code == "GRAPHQL_VALIDATION_FAILED"
            answer = await api.post('{ __type(name: "Product") { name } }', as_=None)
            assert answer.code == "GRAPHQL_VALIDATION_FAILED"
            typo = await api.post("{ prodcts { name } }")
            assert "Did you mean" not in typo.text  # no schema hints either
            assert (await api.post("{ __typename }")).data == {"__typename": "Query"}


async def test_graphiql_is_served_only_when_switched_on(sqlite_api: Api) -> None:
    page = {"Accept": "text/html"}
    off = await sqlite_api.client.get("/graphql", headers=page)
    assert off.status_code == 400 and off.json()["errors"][0]["extensions"]["code"]
    with database_url("memory") as url:
        async with running(url, graphiql=True) as api:
            on = await api.client.get("/graphql", headers=page)
            assert on.status_code == 200 and "graphiql" in on.text.lower()
            assert "text/html" in on.headers["content-type"]


async def test_health_and_readiness(sqlite_api: Api) -> None:
    assert (await sqlite_api.client.get("/healthz")).json() == {"status": "ok"}
    ready = await sqlite_api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["reasons"] == []
    assert ready.json()["positions"]["decisions"] == sqlite_api.head()
    with sqlite_api.container.projections.store.transaction() as tx:
        tx.execute(
            "INSERT INTO projection_faults VALUES (?, ?, ?, ?)",
            ("allocation", 7, "KeyError: 'x'", "2026-11-02T09:00:00+00:00"),
        )
    broken = await sqlite_api.client.get("/readyz")
    assert broken.status_code == 503
    assert broken.json()["reasons"] == ["view allocation stopped at position 7: KeyError: 'x'"]


async def test_readiness_fails_while_the_views_lag_behind() -> None:
    with database_url("sqlite") as url:
        async with running(url, projections="worker", readiness_max_lag=2) as api:
            for name in ("Ana", "Ben", "Cleo"):
                api.tandem.decide(
                    api.actor("admin"), RegisterMember(name=name, email=f"{name}@tandem.example")
                )
            answer = await api.client.get("/readyz")
            assert answer.status_code == 503
            assert "backlog is 9 positions behind (max 2)" in answer.json()["reasons"][0]
            api.container.projections.catch_up()
            assert (await api.client.get("/readyz")).status_code == 200


async def test_unknown_paths_and_methods_answer_json_without_a_5xx(sqlite_api: Api) -> None:
    client: httpx.AsyncClient = sqlite_api.client
    for method, path in (
        ("GET", "/nope"),
        ("PUT", "/graphql"),
        ("DELETE", "/graphql"),
        ("PATCH", "/healthz"),
    ):
        response = await client.request(method, path)
        assert 400 <= response.status_code < 500, (method, path)
        assert response.json()
    assert reply(await client.post("/graphql", json={"query": "{ viewer { name } }"}))
