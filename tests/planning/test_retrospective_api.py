"""Retrospective.iterations: what was committed, delivered and carried over by the
iterations closed in (from, to], and how often the scope changed after the commitment."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api
from tests.planning.documents import decide, estimate, finish, plan

RETRO = """query($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) {
  retrospective(from: $from, to: $to) { iterations { iteration { number status }
    committedPoints deliveredPoints carriedOver { title } scopeChangesAfterCommit } } } }"""


async def now(api: Api) -> str:
    data = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions(first: 1) { edges { node { at } } } } }",
        {"id": api.product_id},
    )
    return str(data["product"]["decisions"]["edges"][0]["node"]["at"])


async def outcomes(api: Api, from_: str, to: str) -> Any:
    data = await api.ok(RETRO, {"p": api.product_id, "from": from_, "to": to}, as_="Dev")
    return data["product"]["retrospective"]["iterations"]


async def test_iterations_closed_in_the_window_with_scope_changes_after_commit(api: Api) -> None:
    start = await now(api)
    first, second = await plan(api, 0), await plan(api, 1)
    sso, guest = await estimate(api, "SSO login", 5), await estimate(api, "Guest checkout", 3)
    await decide(api, "proposeScope", "Ana", iterationId=first, itemIds=[sso])
    await decide(api, "commitIteration", "Ben", iterationId=first)
    await decide(
        api, "proposeScope", "Ana", iterationId=first, itemIds=[sso, guest], rationale="Sales"
    )
    await decide(api, "commitIteration", "Ben", iterationId=first)
    await decide(api, "proposeScope", "Ana", iterationId=second, itemIds=[guest])
    await decide(api, "commitIteration", "Ben", iterationId=second)
    await finish(api, "SSO login")
    committed = await now(api)
    await decide(api, "closeIteration", "Ben", iterationId=first)
    end = await now(api)
    assert await outcomes(api, start, committed) == []
    assert await outcomes(api, committed, end) == [
        {
            "iteration": {"number": 1, "status": "CLOSED"},
            "committedPoints": 8,
            "deliveredPoints": 5,
            "carriedOver": [{"title": "Guest checkout"}],
            "scopeChangesAfterCommit": 1,
        }
    ]
    assert await outcomes(api, end, "2030-01-01T00:00:00Z") == []
