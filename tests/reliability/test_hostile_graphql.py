"""Hostile GraphQL (issue 7, item 9): generated documents from every kind of caller, and a
hand-written attack set, through the real ASGI app.

Every answer: no HTTP 5xx, JSON with errors that carry a contract code (never
INTERNAL_SERVER_ERROR, which would mean an unexpected exception), and no traceback or
exception text. A mutation whose every root field answered an error recorded nothing (the
contract: a rejected decision records nothing; an error in a decision's payload would tell
the client "rejected" about a recorded decision). Anonymous callers record nothing at all;
engineers, stakeholders and members with no role record only what they may (MAY_RECORD).
Attacks record nothing, and attacks on limits and
on the transport are refused before anything executes (no `data` in the answer).

The generated corpus is the same for every caller (hypothesis-graphql, seeded): the
normal run sends CORPUS documents per caller on SQLite and a smaller sample on PostgreSQL;
`-m stress` sends 2,000 per caller on SQLite.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import MutableMapping
from typing import Any

import anyio.to_thread
import graphql
import pytest

from domain.permissions import ASSIGNEES_MAY, MAY_DECIDE, SELF_SERVICE
from tests.api.harness import Api, running
from tests.backends import database_url
from tests.reliability.attacks import Attack, attacks
from tests.reliability.corpus import generate
from tests.reliability.figures import record
from tests.reliability.world import ROLE_OF, World, two_products

CODES = {
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "CONFLICT",
    "BAD_USER_INPUT",
    "GRAPHQL_VALIDATION_FAILED",
}
LEAKS = re.compile(
    r"Traceback|File \"|line \d+, in |\.py\b|site-packages|"
    r"\b(domain|projections|api|eventsourcing|strawberry|starlette|psycopg|asyncpg|sqlite3)\.[a-z_]+\.|"
    r"\b[A-Z][A-Za-z]*(Error|Exception)\b"
)
NEVER_DECIDE = {"anonymous"}


def _field(command: type) -> str:
    """A decision's mutation field: its command's name, first letter lowered."""
    return command.__name__[0].lower() + command.__name__[1:]


MAY_RECORD = {
    kind: {_field(cmd) for cmd, roles in MAY_DECIDE.items() if kind in {r.value for r in roles}}
    | ({_field(cmd) for cmd in ASSIGNEES_MAY} if kind == "ENGINEER" else set())
    | {_field(cmd) for cmd in SELF_SERVICE}
    for kind in ("ENGINEER", "STAKEHOLDER", "non-member")
}
"""What engineers, stakeholders and members with no role may record (requestItem; an
engineer's own item's start and completion; rotateToken for themself, when a generated
document happens to name their own id): a generated document of theirs records
nothing else."""
CORPUS = {"sqlite": 400, "postgres": 80}
STRESS_CORPUS = 2_000
GENERATED = "9. Generated GraphQL from every caller: no 5xx, no trace, a refusal records nothing"
ATTACKED = "9. Hand-written GraphQL attacks from every caller are refused and record nothing"


def root_fields(document: str) -> tuple[bool, set[str], set[str]]:
    """Whether the document is a mutation, and its root fields' response keys and names."""
    parsed = graphql.parse(document)
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, graphql.FragmentDefinitionNode)
    }
    operation = next(
        d for d in parsed.definitions if isinstance(d, graphql.OperationDefinitionNode)
    )
    keys: set[str] = set()
    names: set[str] = set()

    def walk(selections: Any, seen: frozenset[str]) -> None:
        for node in selections:
            if isinstance(node, graphql.FieldNode):
                keys.add((node.alias or node.name).value)
                names.add(node.name.value)
            elif isinstance(node, graphql.InlineFragmentNode):
                walk(node.selection_set.selections, seen)
            elif node.name.value in fragments and node.name.value not in seen:
                walk(fragments[node.name.value].selection_set.selections, seen | {node.name.value})

    walk(operation.selection_set.selections, frozenset())
    return operation.operation == graphql.OperationType.MUTATION, keys, names


def checked(status: int, text: str, what: str) -> dict[str, Any]:
    """The answer's body, once it passed the checks every answer must pass."""
    assert status < 500, (what, status, text[:300])
    assert not LEAKS.search(text), (what, LEAKS.search(text), text[:500])
    body = json.loads(text)
    assert isinstance(body, dict), (what, text[:300])
    for error in body.get("errors") or []:
        assert error["extensions"]["code"] in CODES, (what, error)
        assert isinstance(error["message"], str) and error["message"], (what, error)
    return body


def headers(api: Api, caller: str) -> dict[str, str]:
    token = api.tokens.get(caller)
    return {"Authorization": f"Bearer {token}"} if token else {}


SECRETS = ("Checkout", "Billing", "SSO login", "Invoices", "Pay in one minute")


async def send_corpus(world: World, documents: list[str]) -> dict[str, dict[str, Any]]:
    api, figures = world.api, {}
    for kind, caller in ROLE_OF.items():
        statuses: Counter[str] = Counter()
        codes: Counter[str] = Counter()
        sent = mutations = recorded = 0
        for document in documents:
            try:
                mutation, keys, names = root_fields(document)
            except (graphql.GraphQLError, StopIteration):
                mutation, keys, names = False, set(), set()
            head = api.head()
            response = await api.client.post(
                "/graphql", json={"query": document}, headers=headers(api, caller)
            )
            body = checked(response.status_code, response.text, f"{caller}: {document[:2000]}")
            moved = api.head() != head
            # A root field refused has an error at its own path; an error deeper down (a
            # payload's field given a bad argument) does not undo the decision.
            failed = {e["path"][0] for e in body.get("errors", []) if len(e.get("path") or ()) == 1}
            if "data" not in body or (mutation and keys <= failed) or not mutation:
                assert not moved, (caller, "recorded on a rejected request", document, body)
            if kind in NEVER_DECIDE or (kind in MAY_RECORD and not names & MAY_RECORD[kind]):
                assert not moved, (caller, "recorded a decision", document, body)
            if kind in ("non-member", "anonymous"):
                leaked = json.dumps(body.get("data"))
                assert not any(s in leaked for s in SECRETS), (caller, document, body)
            sent, mutations, recorded = sent + 1, mutations + mutation, recorded + moved
            statuses[str(response.status_code)] += 1
            codes.update(e["extensions"]["code"] for e in body.get("errors", []))
        figures[kind] = {
            "sent": sent,
            "mutations": mutations,
            "recorded": recorded,
            "statuses": dict(statuses),
            "codes": dict(sorted(codes.items())),
        }
    return figures


async def generated_run(backend: str, count: int, test: str, stress: bool) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            documents = await anyio.to_thread.run_sync(generate, world.weighted_ids(), count)
            assert len(documents) >= count * 0.95, len(documents)
            figures = await send_corpus(world, documents)
    record(
        GENERATED + (" (stress)" if stress else ""),
        f"tests/reliability/test_hostile_graphql.py::{test}",
        backend,
        documents_per_caller=len(documents),
        total_requests=sum(f["sent"] for f in figures.values()),
        per_caller={
            k: f"{f['sent']} sent, {f['mutations']} mutations, {f['recorded']} recorded"
            for k, f in figures.items()
        },
        codes={k: f["codes"] for k, f in figures.items()},
        http_5xx=0,
        tracebacks=0,
        internal_errors=0,
    )


@pytest.mark.heavy
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_generated_documents_from_every_caller_get_clean_answers(backend: str) -> None:
    await generated_run(
        backend,
        CORPUS[backend],
        "test_generated_documents_from_every_caller_get_clean_answers",
        stress=False,
    )


@pytest.mark.stress
@pytest.mark.timeout(1800)
async def test_two_thousand_generated_documents_per_caller() -> None:
    await generated_run(
        "sqlite", STRESS_CORPUS, "test_two_thousand_generated_documents_per_caller", stress=True
    )


async def asgi_get(api: Api, query_string: str, caller: str) -> tuple[int, str]:
    """A GET straight to the ASGI app, with a query string of any length."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": query_string.encode(),
        "client": ("127.0.0.1", 50000),
        "server": ("tandem", 80),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers(api, caller).items()],
    }
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await api.app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body.decode()


async def attack(api: Api, item: Attack, caller: str) -> tuple[int, str]:
    if "" in item.params:
        return await asgi_get(api, item.params[""], caller)
    if item.method == "GET":
        response = await api.client.get(
            "/graphql", params=item.params, headers=headers(api, caller)
        )
    else:
        response = await api.client.post(
            "/graphql",
            content=item.content(),
            headers={**headers(api, caller), "Content-Type": item.content_type},
        )
    return response.status_code, response.text


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_every_attack_from_every_caller_is_refused_and_records_nothing(backend: str) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            world = await two_products(api)
            found = attacks(world.checkout, world.ids["Checkout/Invoices"])
            statuses: Counter[str] = Counter()
            head = api.head()
            for item in found:
                for _kind, caller in ROLE_OF.items():
                    status, text = await attack(api, item, caller)
                    body = checked(status, text, f"{item.name} as {caller}")
                    assert body.get("errors"), (item.name, caller, text[:300])
                    if item.early:
                        assert "data" not in body, (item.name, caller, text[:300])
                    assert api.head() == head, (item.name, caller, "recorded", text[:300])
                    statuses[str(status)] += 1
    record(
        ATTACKED,
        "tests/reliability/test_hostile_graphql.py::"
        "test_every_attack_from_every_caller_is_refused_and_records_nothing",
        backend,
        attacks=len(found),
        refused_before_execution=sum(a.early for a in found),
        requests=len(found) * len(ROLE_OF),
        statuses=dict(sorted(statuses.items())),
        recorded=0,
        http_5xx=0,
        tracebacks=0,
    )
