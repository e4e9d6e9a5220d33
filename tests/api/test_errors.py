"""Every error class reaches the client with its code; unexpected ones without details."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from domain.errors import Unavailable
from tests.api.documents import mutation
from tests.api.harness import Api, running
from tests.backends import database_url

PRIORITIZE = mutation("prioritizeItem")


def move(api: Api) -> dict[str, Any]:
    return {"input": {"itemId": api.ids["Apple Pay"], "rank": 1, "rationale": "Sales"}}


async def test_an_unexpected_failure_is_masked_logged_and_numbered(
    sqlite_api: Api,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret: password=hunter2 in /srv/tandem/reader.py")

    monkeypatch.setattr(sqlite_api.services.reader, "backlog", broken)
    with caplog.at_level(logging.ERROR, logger="tandem.api"):
        answer = await sqlite_api.post(
            "query($p: ID!) { product(id: $p) { name backlog { totalCount } } }",
            {"p": sqlite_api.product_id},
        )
    assert answer.status == 200 and answer.code == "INTERNAL_SERVER_ERROR"
    error = answer.errors[0]
    assert "hunter2" not in answer.text and "Traceback" not in answer.text
    assert "reader.py" not in answer.text and error["path"] == ["product", "backlog"]
    request_id = error["extensions"]["requestId"]
    assert request_id and any(request_id in r.getMessage() and r.exc_info for r in caplog.records)


async def test_an_unavailable_store_is_a_retryable_error(
    sqlite_api: Api,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for failure in (
        Unavailable("the event store is unavailable"),
        OperationalError("database is locked"),
    ):

        def failing(*args: Any, failure: Exception = failure, **kwargs: Any) -> Any:
            raise failure

        monkeypatch.setattr(sqlite_api.tandem, "decide", failing)
        answer = await sqlite_api.post(PRIORITIZE, move(sqlite_api), as_="Ana")
        assert answer.code == "UNAVAILABLE", answer.body
        assert answer.errors[0]["extensions"]["retryable"] is True
        assert "locked" not in answer.text or isinstance(failure, Unavailable)


async def test_views_that_lag_behind_a_recorded_decision_answer_retryable() -> None:
    """With the views left to a worker that is not running, the decision is recorded,
    and a retry with the same key answers once the views show it."""
    with database_url("sqlite") as url:
        async with running(url, projections="worker", read_timeout=0.3) as api:
            answer = await api.post(
                mutation("createProduct"),
                {"input": {"name": "Checkout", "vision": "Fast", "idempotencyKey": "checkout"}},
            )
            assert answer.code == "UNAVAILABLE", answer.body
            assert answer.errors[0]["extensions"]["retryable"] is True
            recorded = api.head()
            assert recorded > 0
            api.container.projections.catch_up()
            retried = await api.post(
                mutation("createProduct"),
                {"input": {"name": "Checkout", "vision": "Fast", "idempotencyKey": "checkout"}},
            )
            assert retried.data["createProduct"]["product"]["name"] == "Checkout"
            assert api.head() == recorded


async def test_every_contract_code_has_a_cause(api: Api) -> None:
    """One request per code, each on its own cause."""
    product = {"p": api.product_id}
    causes = {
        "UNAUTHENTICATED": api.post("{ products { name } }", as_=None),
        "FORBIDDEN": api.post("query($p: ID!) { product(id: $p) { name } }", product, "Eve"),
        "NOT_FOUND": api.post(
            '{ item(id: "00000000-0000-4000-8000-000000000000") { id } }', as_="Ana"
        ),
        "BAD_USER_INPUT": api.post('{ item(id: "sso-login") { id } }', as_="Ana"),
        "CONFLICT": api.post(
            mutation("acceptItem"), {"input": {"itemId": api.ids["SSO login"]}}, "Ana"
        ),
        "GRAPHQL_VALIDATION_FAILED": api.post("{ products { price } }", as_="Ana"),
    }
    for code, request in causes.items():
        answer = await request
        assert answer.code == code, (code, answer.body)
        assert answer.status == 200 and answer.errors[0]["message"]


async def test_variables_of_the_wrong_type_are_bad_input(sqlite_api: Api) -> None:
    query = "query($p: ID!, $n: Int) { product(id: $p) { backlog(first: $n) { totalCount } } }"
    for variables in (
        {"p": sqlite_api.product_id, "n": "ten"},
        {"n": 1},
        {"p": None},
        {"p": sqlite_api.product_id, "n": 2**40},
        {"p": {"id": 1}},
        {"p": sqlite_api.product_id, "n": 1.5},
    ):
        answer = await sqlite_api.post(query, variables, as_="Ana")
        assert answer.code == "BAD_USER_INPUT", (variables, answer.body)
        assert "data" not in answer.body
    bad_instant = await sqlite_api.post(
        "query($p: ID!, $t: DateTime) { product(id: $p) { backlog(asOf: $t) { totalCount } } }",
        {"p": sqlite_api.product_id, "t": "2026-11-02T09:00:00"},
        as_="Ana",
    )
    assert bad_instant.code == "BAD_USER_INPUT"
    assert "UTC offset" in bad_instant.errors[0]["message"]
