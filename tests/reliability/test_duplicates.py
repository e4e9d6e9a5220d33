"""Duplicate submission on PostgreSQL: two real `tandem serve` processes on one database,
every keyed mutation of the contract sent 2 to 5 times with the same idempotency key,
one copy after another or all at once, spread over both processes. Zero duplicate
events; every copy returns the original response; the same key with a different input
is BAD_USER_INPUT and records nothing.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from eventsourcing.utils import get_topic

from domain.idempotency import KeyUsed
from domain.product_events import DECISION_TYPES, ItemProposed
from tests.api.documents import mutation
from tests.backends import postgres_schema
from tests.given import open_ledger
from tests.reliability.figures import record
from tests.reliability.servers import ADMIN_TOKEN, Reply, Server, processes, serve, started

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PROMISE = "2. A decision sent again with its idempotency key is recorded once"
TEST = "tests/reliability/test_duplicates.py"
REGISTER = "mutation($n: String!, $e: String!) { registerMember(input: {name: $n, email: $e}) { member { id } token } }"  # noqa: E501
ITEMS = ("SSO login", "Guest checkout", "Apple Pay")


def changed(operation: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The same decision with one input changed."""
    if operation == "createProduct":
        return {**fields, "vision": fields["vision"] + " (changed)"}
    if operation == "grantRole":
        return {**fields, "role": "ENGINEER" if fields["role"] == "STAKEHOLDER" else "STAKEHOLDER"}
    if operation == "setGoal":
        return {**fields, "title": fields["title"] + " (changed)"}
    if operation == "refineItem":
        return {**fields, "description": "changed"}
    return {**fields, "rationale": (fields.get("rationale") or "") + " (changed)"}


@dataclass
class Tally:
    keys: int = 0
    copies: int = 0
    sequential: int = 0
    concurrent: int = 0
    mismatches: int = 0
    operations: Counter[str] = field(default_factory=Counter)


class Sender:
    """Sends each decision 2-5 times with one key over both servers, and checks the
    copies answer alike."""

    def __init__(
        self, http: httpx.AsyncClient, servers: list[Server], tokens: dict[str, str], seed: int
    ) -> None:
        self.http = http
        self.servers = servers
        self.tokens = tokens
        self.rng = random.Random(seed)
        self.tally = Tally()

    async def once(self, prefix: str, operation: str, caller: str, **fields: Any) -> Any:
        self.tally.keys += 1
        key = f"{prefix}-{self.tally.keys}"
        fields = {**fields, "idempotencyKey": key}
        copies = self.rng.randint(2, 5)
        first = self.rng.randrange(2)
        document, token = mutation(operation), self.tokens[caller]

        def send(n: int, payload: dict[str, Any]) -> Awaitable[Reply]:
            server = self.servers[(first + n) % 2]
            return server.post(self.http, document, {"input": payload}, token)

        if self.rng.random() < 0.5:
            replies = [await send(n, fields) for n in range(copies)]
            self.tally.sequential += 1
        else:
            replies = await asyncio.gather(*(send(n, fields) for n in range(copies)))
            self.tally.concurrent += 1
        original = replies[0]
        assert original.status == 200 and not original.errors, (operation, original.body)
        for copy in replies[1:]:
            assert (copy.status, copy.body) == (original.status, original.body), operation

        different = await send(self.rng.randrange(2), changed(operation, fields))
        assert different.code == "BAD_USER_INPUT", different.body
        assert "idempotencyKey" in different.errors[0]["message"]
        self.tally.copies += copies
        self.tally.mismatches += 1
        self.tally.operations[operation] += 1
        return original.data[operation]


async def story(sender: Sender, ids: dict[str, str], n: int) -> None:
    """Every keyed decision of the contract, on product `n`: 20 decisions."""
    once = sender.once
    p = f"checkout-{n}"
    created = await once(p, "createProduct", "admin", name=f"Checkout {n}", vision="Pay fast")
    pid = created["product"]["id"]
    for who, role in (
        ("Ana", "PRODUCT_OWNER"),
        ("Ben", "ENGINEERING_MANAGER"),
        ("Cleo", "ENGINEER"),
    ):
        await once(p, "grantRole", "admin", productId=pid, memberId=ids[who], role=role)
    await once(p, "defineVision", "Ana", productId=pid, vision="Pay in one tap", rationale="mobile")
    await once(p, "setGoal", "Ana", productId=pid, title="Checkout in one tap")
    await once(p, "setCapacity", "Ben", productId=pid, memberId=ids["Cleo"], percent=80)
    items = [
        (await once(p, "proposeItem", "Ana", productId=pid, title=title))["item"]["id"]
        for title in ITEMS
    ]
    sso, guest, apple = items
    await once(
        p, "prioritizeItem", "Ana", itemId=apple, rank=1, rationale="launch", expectedVersion=3
    )
    await once(p, "refineItem", "Ana", itemId=sso, acceptanceCriteria=["works on mobile"])
    await once(p, "estimateItem", "Ben", itemId=sso, points=5)
    cleo = ids["Cleo"]
    await once(p, "assignEngineer", "Ben", itemId=sso, memberId=cleo, percent=50)
    await once(p, "unassignEngineer", "Ben", itemId=sso, memberId=cleo, rationale="on call")
    await once(p, "assignEngineer", "Ben", itemId=sso, memberId=cleo, percent=60)
    await once(p, "startItem", "Ben", itemId=sso)
    await once(p, "completeItem", "Ben", itemId=sso)
    await once(p, "acceptItem", "Ana", itemId=sso, rationale="demoed")
    await once(p, "dropItem", "Ana", itemId=guest, rationale="out of scope")


DECISIONS_PER_STORY = 20


async def duplicates(folder: Path, products: int, seed: int, name: str) -> None:
    with postgres_schema() as url, processes(folder, url) as topology:
        servers = [serve(topology, "api-a"), serve(topology, "api-b")]
        async with httpx.AsyncClient() as http:
            await started(topology, http, *servers)
            tokens = {"admin": ADMIN_TOKEN}
            ids: dict[str, str] = {}
            for who in ("Ana", "Ben", "Cleo"):
                data = await servers[0].ok(http, REGISTER, n=who, e=f"{who.lower()}@tandem.example")
                ids[who] = data["registerMember"]["member"]["id"]
                tokens[who] = data["registerMember"]["token"]
            sender = Sender(http, servers, tokens, seed)
            runs: list[Callable[[], Awaitable[None]]] = [
                lambda n=n: story(sender, ids, n) for n in range(products)
            ]
            await asyncio.gather(*(run() for run in runs))

        ledger = open_ledger(url)
        try:
            stored = Counter(
                n.topic for n in ledger.recorder.select_notifications(start=1, limit=1_000_000)
            )
        finally:
            ledger.close()

    tally = sender.tally
    decision_topics = {get_topic(t) for t in DECISION_TYPES}
    recorded = sum(count for topic, count in stored.items() if topic in decision_topics)
    assert tally.keys == products * DECISIONS_PER_STORY
    assert recorded == tally.keys  # one event per key, however many copies
    assert stored[get_topic(KeyUsed)] == tally.keys
    assert stored[get_topic(ItemProposed)] == products * len(ITEMS)
    assert len(tally.operations) == 15  # every keyed mutation of the contract
    record(
        PROMISE,
        name,
        "postgres",
        api_processes=2,
        keys=tally.keys,
        requests=tally.copies + tally.mismatches,
        copies=tally.copies,
        sent_one_after_another=tally.sequential,
        sent_all_at_once=tally.concurrent,
        different_input_rejected=tally.mismatches,
        mutations_covered=len(tally.operations),
        decision_events=recorded,
        duplicates=recorded - tally.keys,
    )


async def test_each_decision_sent_again_is_recorded_once(tmp_path: Path) -> None:
    await duplicates(tmp_path, products=2, seed=2, name=TEST)


@pytest.mark.stress
async def test_hundreds_of_decisions_sent_again_are_recorded_once(tmp_path: Path) -> None:
    await duplicates(tmp_path, products=8, seed=22, name=TEST + " (stress)")
