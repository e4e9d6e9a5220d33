"""The chain through GraphQL on every backend: Decision.hash / previousHash right after
the mutation that recorded it, Product.auditHead, and verifyAudit with its permissions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio.to_thread
import pytest

from tests.api.harness import Api, gather_crew, running
from tests.backends import BACKENDS, database_url
from tests.integrity.tampering import Tamperer

DECISIONS = """query($id: ID!) { product(id: $id) { auditHead
  decisions(first: 500) { edges { node { position type hash previousHash } } } } }"""
VERIFY = """query($id: ID!) { verifyAudit(productId: $id) {
  ok checked head firstBrokenPosition problem } }"""
PRIORITIZE = """mutation($id: ID!) { prioritizeItem(input: {itemId: $id, rank: 1,
  rationale: "Legal asks"}) { decision { position hash previousHash } } }"""


@pytest.fixture(params=BACKENDS)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    with database_url(request.param) as url:
        async with running(url) as api:
            crew = await gather_crew(api)
            # The crew was recorded through the application service, which waits for no
            # follower: wait for the chain follower too, not only the views.
            await anyio.to_thread.run_sync(crew.container.projections.wait, crew.head())
            yield crew


async def test_a_decision_answers_with_its_hash_linked_to_the_one_before(api: Api) -> None:
    before = (await api.ok(DECISIONS, {"id": api.product_id}, "Ana"))["product"]
    decided = await api.ok(PRIORITIZE, {"id": api.ids["Apple Pay"]}, "Ana")
    decision = decided["prioritizeItem"]["decision"]
    assert decision["previousHash"] == before["auditHead"]
    after = (await api.ok(DECISIONS, {"id": api.product_id}, "Dev"))["product"]
    assert after["auditHead"] == decision["hash"]
    nodes = [e["node"] for e in after["decisions"]["edges"]][::-1]  # oldest first
    assert nodes[0]["type"] == "ProductCreated" and nodes[0]["previousHash"] is None
    assert [n["previousHash"] for n in nodes[1:]] == [n["hash"] for n in nodes[:-1]]


async def test_verify_audit_recomputes_from_the_store(api: Api) -> None:
    result = (await api.ok(VERIFY, {"id": api.product_id}, "Ben"))["verifyAudit"]
    head = (await api.ok(DECISIONS, {"id": api.product_id}, "Ana"))["product"]["auditHead"]
    assert result == {
        "ok": True,
        "checked": 8,
        "head": head,
        "firstBrokenPosition": None,
        "problem": None,
    }
    if api.container.settings.store.backend == "memory":
        return
    nodes = (await api.ok(DECISIONS, {"id": api.product_id}, "Ana"))["product"]
    position = nodes["decisions"]["edges"][3]["node"]["position"]
    Tamperer(api.tandem).flip_a_byte(position)
    result = (await api.ok(VERIFY, {"id": api.product_id}, "admin"))["verifyAudit"]
    assert result["ok"] is False and result["head"] is None
    assert result["firstBrokenPosition"] == position


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("Cleo", "FORBIDDEN"),
        ("Dev", "FORBIDDEN"),
        ("Eve", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ],
)
async def test_only_the_product_owner_the_manager_and_the_administrator_verify(
    api: Api, who: str, code: str
) -> None:
    answer = await api.post(VERIFY, {"id": api.product_id}, who)
    assert answer.code == code


async def test_verify_audit_of_an_unknown_or_malformed_product(api: Api) -> None:
    unknown = await api.post(VERIFY, {"id": "7f0c2d1e-0000-4000-8000-000000000000"}, "admin")
    assert unknown.code == "NOT_FOUND"
    assert (await api.post(VERIFY, {"id": "nope"}, "admin")).code == "BAD_USER_INPUT"
