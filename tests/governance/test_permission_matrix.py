"""The permission matrix of the governance part: every mutation and read path, tried
by every kind of caller (tests/reliability/test_authorization.py covers the core)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from domain import commands as c
from domain.governance_events import adrs_of, risks_of
from tests.api.harness import Api, gather_crew, running
from tests.backends import database_url
from tests.governance.test_graphql import document

CALLERS = ("Ana", "Ben", "Cleo", "Dev", "Eve", "admin", "anonymous")
EVERYONE_ELSE = {"Cleo": "FORBIDDEN", "Dev": "FORBIDDEN", "Eve": "FORBIDDEN", "admin": "FORBIDDEN"}
PO_ONLY = {"Ana": None, "Ben": "FORBIDDEN", **EVERYONE_ELSE, "anonymous": "UNAUTHENTICATED"}
EM_ONLY = {"Ana": "FORBIDDEN", "Ben": None, **EVERYONE_ELSE, "anonymous": "UNAUTHENTICATED"}
EITHER = {"Ana": None, "Ben": None, **EVERYONE_ELSE, "anonymous": "UNAUTHENTICATED"}


def new_risk(api: Api) -> str:
    pid = api.product_id
    api.tandem.decide(
        api.actor("Ana"), c.RaiseRisk(product_id=pid, title="x", likelihood=1, impact=1)
    )
    return list(risks_of(api.tandem.product(pid)))[-1]


def new_adr(api: Api) -> str:
    pid = api.product_id
    api.tandem.decide(
        api.actor("Ben"),
        c.ProposeArchitectureDecision(
            product_id=pid, title="x", context="c", decision="d", consequences=""
        ),
    )
    return list(adrs_of(api.tandem.product(pid)))[-1]


Inputs = Callable[[Api], dict[str, Any]]
MATRIX: dict[str, tuple[Inputs, dict[str, str | None]]] = {
    "raiseRisk": (
        lambda a: {"productId": a.product_id, "title": "t", "likelihood": 1, "impact": 1},
        EITHER,
    ),
    "assessRisk": (
        lambda a: {"riskId": new_risk(a), "likelihood": 2, "impact": 2, "rationale": "r"},
        PO_ONLY,
    ),
    "resolveRisk": (
        lambda a: {"riskId": new_risk(a), "status": "MITIGATED", "rationale": "r"},
        PO_ONLY,
    ),
    "setRiskItems": (lambda a: {"riskId": new_risk(a), "itemIds": [a.ids["SSO login"]]}, EITHER),
    "proposeArchitectureDecision": (
        lambda a: {
            "productId": a.product_id,
            "title": "t",
            "context": "c",
            "decision": "d",
            "consequences": "",
        },
        EM_ONLY,
    ),
    "acceptArchitectureDecision": (lambda a: {"architectureDecisionId": new_adr(a)}, EM_ONLY),
    "rejectArchitectureDecision": (
        lambda a: {"architectureDecisionId": new_adr(a), "rationale": "r"},
        EM_ONLY,
    ),
    "setTechnicalRequirements": (
        lambda a: {"itemId": a.ids["Apple Pay"], "requirements": ["r"]},
        EM_ONLY,
    ),
}
READS = {
    "Product.risks": (
        "query($p: ID!) { product(id: $p) { risks(status: null) { title items { title } } } }"
    ),
    "Product.architectureDecisions": (
        "query($p: ID!) { product(id: $p) { architectureDecisions { title } } }"
    ),
    "Product.retrospective": (
        'query($p: ID!) { product(id: $p) { retrospective(from: "2020-01-01T00:00:00+00:00", '
        'to: "2030-01-01T00:00:00+00:00") '
        "{ risksRaised { title } architectureDecisions { title } } } }"
    ),
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def crew(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    with database_url(request.param) as url:
        async with running(url) as api:
            yield await gather_crew(api)


async def test_every_governance_mutation_by_every_caller(crew: Api) -> None:
    wrong = []
    for name, (inputs, expected) in MATRIX.items():
        for caller in CALLERS:
            variables = {"input": inputs(crew)}
            await crew.settled()
            head = crew.head()
            answer = await crew.post(document(name), variables, as_=caller)
            if answer.code != expected[caller]:
                wrong.append((name, caller, answer.code, expected[caller]))
            if expected[caller] is not None and crew.head() != head:
                wrong.append((name, caller, "recorded", None))
    assert wrong == []


async def test_every_governance_read_by_every_caller(crew: Api) -> None:
    new_risk(crew)
    new_adr(crew)
    await crew.settled()
    expected = {"Eve": "FORBIDDEN", "anonymous": "UNAUTHENTICATED"}
    wrong = []
    for path, query in READS.items():
        for caller in CALLERS:
            answer = await crew.post(query, {"p": crew.product_id}, as_=caller)
            if answer.code != expected.get(caller):
                wrong.append((path, caller, answer.code))
    assert wrong == []
