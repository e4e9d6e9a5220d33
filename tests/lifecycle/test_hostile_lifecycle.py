"""Hostile and malformed requests against the lifecycle's mutations and fields: a
well-formed error with a contract code, never a 5xx or a traceback, nothing recorded."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.harness import Api, gather_crew, running
from tests.api.hostile_transport import Attack
from tests.api.test_hostile import CODES, LEAKS, send
from tests.backends import DURABLE_BACKENDS, database_url
from tests.lifecycle.graphql import document

NOWHERE = "00000000-0000-4000-8000-000000000000"
BAD_IDS: list[Any] = [NOWHERE, "x", "", "x" * 300, 7, None, [], {"id": 1}]
FILTERED = "query($p: ID!, $f: ItemFilter) { product(id: $p) { items(filter: $f) { totalCount } } }"
BAD_INSTANTS: list[Any] = ["yesterday", "2026-11-02T09:00:00", 12, "", None, "9999-99-99"]


def attacks(api: Api) -> list[Attack]:
    pid, sso = api.product_id, api.ids["SSO login"]
    found: list[Attack] = []

    def mutate(name: str, fields: dict[str, Any], as_: str = "Ana") -> None:
        body = {"query": document(name), "variables": {"input": fields}}
        found.append(Attack(f"{name} {json.dumps(fields)[:60]}", body, as_=as_))

    for bad in BAD_IDS:
        mutate("reviseGoal", {"goalId": bad, "title": "X", "rationale": "Y"})
        mutate("changeGoalStatus", {"goalId": bad, "status": "ACHIEVED", "rationale": "Y"})
        mutate("setItemGoals", {"itemId": sso, "goalIds": [bad]})
        mutate("rejectItem", {"itemId": bad, "rationale": "Y"})
        mutate("restoreItem", {"itemId": bad, "rationale": "Y"})
        mutate(
            "revokeRole", {"productId": pid, "memberId": bad, "role": "ENGINEER", "rationale": "Y"}
        )
        mutate("requestItem", {"productId": bad, "title": "X", "rationale": "Y"})
    mutate("setItemGoals", {"itemId": sso, "goalIds": [NOWHERE] * 5000})
    mutate("setItemGoals", {"itemId": sso, "goalIds": "not a list"})
    mutate(
        "revokeRole",
        {"productId": pid, "memberId": api.ids["Cleo"], "role": "KING", "rationale": "Y"},
    )
    mutate("refineItem", {"itemId": sso, "kind": "EPIC"})
    mutate("refineItem", {"itemId": sso, "title": "x" * 100_000})
    mutate("refineItem", {"itemId": sso, "title": "   "})
    mutate("requestItem", {"productId": pid, "title": "\u202e" * 300, "rationale": "Y"})
    mutate("requestItem", {"productId": pid, "title": "X", "rationale": "Y" * 100_000})
    mutate("requestItem", {"productId": pid, "title": "X"})
    for instant in BAD_INSTANTS:
        mutate("reviseGoal", {"goalId": NOWHERE, "targetDate": instant, "rationale": "Y"})
        for query in (
            "query($p: ID!, $t: DateTime!) { product(id: $p) { asOf(at: $t) { name } } }",
            "query($p: ID!, $t: DateTime) { product(id: $p) { items(asOf: $t) { totalCount } } }",
            "query($i: ID!, $t: DateTime!) { item(id: $i) { asOf(at: $t) { title } } }",
        ):
            if instant is None and "DateTime)" in query:
                continue  # a nullable asOf given null means now
            variables = {"p": pid, "i": sso, "t": instant}
            used = {k: v for k, v in variables.items() if f"${k}" in query}
            found.append(
                Attack(
                    f"instant {instant!r} {query[20:60]}",
                    {"query": query, "variables": used},
                    as_="Ana",
                )
            )
    for where in (
        {"kinds": ["EPIC"]},
        {"status": ["GONE"]},
        {"assigneeId": "x"},
        {"goalId": 5},
        {"search": "x" * 10_000},
        {"nope": 1},
    ):
        query = FILTERED
        found.append(
            Attack(
                f"filter {where!r:.40}",
                {"query": query, "variables": {"p": pid, "f": where}},
                as_="Ana",
            )
        )
    return found


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_hostile_lifecycle_requests_get_well_formed_errors(backend: str) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            await gather_crew(api)
            head = api.head()
            tried = attacks(api)
            assert len(tried) >= 80
            for attack in tried:
                status, text = await send(api, attack)
                assert status < 500, (attack.name, status, text[:300])
                errors = json.loads(text).get("errors")
                assert isinstance(errors, list) and errors, (attack.name, text[:300])
                for error in errors:
                    assert error["extensions"]["code"] in CODES, (attack.name, error)
                assert not LEAKS.search(text), (attack.name, text[:500])
            assert api.head() == head
