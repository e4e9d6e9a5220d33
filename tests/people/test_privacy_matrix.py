"""The people records' privacy matrix (beside tests/reliability/test_authorization*.py):
two products, every kind of caller, every read path of a record (the product's list,
node(id), decisions, histories, retrospectives, the subscription) and of a member's
e-mail. Each caller reads exactly what the contract's header allows, and no text of a
record they may not read appears in any answer.

Checkout: Ana PO, Ben EM, Cleo engineer, Dev stakeholder; Billing: Fay PO, Gus EM, Hal
engineer, Ivy stakeholder; Eve holds no role; the administrator; an anonymous caller."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from domain.actor import Actor
from domain.commands import RecordPeopleNote
from domain.people_vocabulary import PeopleNoteKind
from tests.api.harness import Api, running
from tests.api.websocket import connected
from tests.backends import BACKENDS, database_url
from tests.people.documents import RECORDS
from tests.reliability.world import BILLING, World, two_products

CHECKOUT = {"Ana": "PO", "Ben": "EM", "Cleo": "ENG", "Dev": "SH"}
CALLERS = (*CHECKOUT, *BILLING, "Eve", "admin", "anonymous")
NOTES = {  # (product, author, about) -> the note's secret text
    ("Checkout", "Ben", "Cleo"): "secret-cleo-5a1",
    ("Checkout", "Ben", "Dev"): "secret-dev-7b2",
    ("Checkout", "Ben", "Ben"): "secret-ben-3c9",
    ("Billing", "Gus", "Hal"): "secret-hal-8d4",
}
NODE = "query($id: ID!) { node(id: $id) { id ... on PeopleRecord { title body } } }"
EVERYTHING = """query($p: ID!, $i: ID!) { product(id: $p) {
  decisions(first: 500) { edges { node { type summary rationale changes { before after } } } }
  retrospective(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { decisionCount } }
  item(id: $i) { history { summary } } }"""
EMAIL = "query($id: ID!) { node(id: $id) { ... on Member { email } } }"


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest) -> AsyncIterator[tuple[World, dict[str, str]]]:
    with database_url(request.param) as url:
        async with running(url) as api:
            world = await two_products(api)
            records = {}
            for (product, author, about), secret in NOTES.items():
                outcome = api.tandem.decide(
                    Actor.member(api.ids[author]),
                    RecordPeopleNote(
                        product_id=world.ids[product],
                        member_id=api.ids[about],
                        kind=PeopleNoteKind.REVIEW,
                        title=f"Review {secret}",
                        body=f"Body {secret}",
                    ),
                )
                records[secret] = str(outcome.created_id)
            await api.settled()
            yield world, records


def readable(caller: str) -> set[str]:
    """The secrets `caller` may read: all of their product's as its EM, else their own."""
    return {
        secret
        for (product, _, about), secret in NOTES.items()
        if caller == about or caller == {"Checkout": "Ben", "Billing": "Gus"}[product]
    }


def product_of(caller: str) -> str | None:
    return "Checkout" if caller in CHECKOUT else "Billing" if caller in BILLING else None


async def test_every_caller_reads_exactly_the_records_they_may(
    world: tuple[World, dict[str, str]],
) -> None:
    w, records = world
    api = w.api
    for caller in CALLERS:
        allowed = readable(caller)
        for product in ("Checkout", "Billing"):
            answer = await api.post(RECORDS, {"id": w.ids[product]}, as_=caller)
            if caller == "anonymous":
                assert answer.code == "UNAUTHENTICATED"
            elif product_of(caller) == product:
                edges = answer.data["product"]["peopleRecords"]["edges"]
                shown = {s for s in NOTES.values() if s in json.dumps(edges)}
                assert shown == {s for s in allowed if s in _secrets_of(product)}, caller
            else:
                assert answer.code == "FORBIDDEN", (caller, product, answer.body)
            assert not (_secrets_of(product) - allowed) & _found(answer.text), caller
        for secret, record_id in records.items():
            answer = await api.post(NODE, {"id": record_id}, as_=caller)
            if caller == "anonymous":
                assert answer.code == "UNAUTHENTICATED"
            elif secret in allowed:
                assert answer.data["node"]["body"] == f"Body {secret}", caller
            else:
                assert answer.code == "NOT_FOUND" and secret not in answer.text, caller


async def test_no_record_shows_in_decisions_histories_retrospectives_or_the_subscription(
    world: tuple[World, dict[str, str]],
) -> None:
    w, _ = world
    api = w.api
    for caller in CALLERS:
        for product in ("Checkout", "Billing"):
            item = w.ids[f"{product}/Invoices"] if product == "Billing" else api.ids["SSO login"]
            answer = await api.post(EVERYTHING, {"p": w.ids[product], "i": item}, as_=caller)
            assert not _found(answer.text), (caller, product)
            if answer.data and answer.data.get("product"):
                types = {e["node"]["type"] for e in answer.data["product"]["decisions"]["edges"]}
                assert "PeopleNoteRecorded" not in types
    for caller in ("Ben", "Cleo"):
        async with api.websocket_client() as client, connected(client, api.tokens[caller]) as sub:
            assert (await sub.message())["type"] == "connection_ack"
            await sub.subscribe(w.checkout, after=0)
            count = await _decision_count(api, w.checkout)
            streamed = [await sub.decision() for _ in range(count)]
            assert not _found(json.dumps(streamed)), caller


async def test_an_email_is_read_by_the_administrator_and_its_member_only(
    world: tuple[World, dict[str, str]],
) -> None:
    w, _ = world
    api = w.api
    for caller in CALLERS:
        for member in ("Cleo", "Hal"):
            answer = await api.post(EMAIL, {"id": api.ids[member]}, as_=caller)
            address = f"{member.lower()}@tandem.example"
            if caller == "anonymous":
                assert answer.code == "UNAUTHENTICATED"
            elif caller in ("admin", member):
                assert answer.data["node"]["email"] == address, caller
            else:
                assert address not in answer.text, (caller, member)
        listing = await api.post("{ members { totalCount } }", as_=caller)
        wanted = {"admin": None, "anonymous": "UNAUTHENTICATED"}.get(caller, "FORBIDDEN")
        assert listing.code == wanted, caller


def _secrets_of(product: str) -> set[str]:
    return {s for (p, _, _), s in NOTES.items() if p == product}


def _found(text: str) -> set[str]:
    return {s for s in NOTES.values() if s in text}


async def _decision_count(api: Api, product_id: str) -> int:
    data = await api.ok(
        "query($id: ID!) { product(id: $id) { decisions { totalCount } } }", {"id": product_id}
    )
    return int(data["product"]["decisions"]["totalCount"])
