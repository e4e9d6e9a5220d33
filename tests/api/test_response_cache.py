"""Answers to queries are kept while the views stand still (api/graphql/response_cache.py):
a repeated query costs one read of the views' positions, and nothing kept outlives a
decision, another caller, or a volatile read."""

from __future__ import annotations

import json

import anyio.to_thread

from api.graphql.media_types import GRAPHQL_RESPONSE
from api.graphql.response_cache import MAX_KEY_CHARACTERS, Answer, ResponseCache, key_of
from domain.commands import PrioritizeItem
from tests.api.harness import Api

PAGE = """query($p: ID!) { product(id: $p) { backlogVersion
  backlog(first: 20) { edges { node { title rank } } } } }"""
PRODUCTS = "{ products { name } }"
PRIORITIZE = """mutation($i: ID!, $v: Int!) { prioritizeItem(input: {itemId: $i, rank: 1,
  expectedVersion: $v, rationale: "Most asked for"}) { item { rank } } }"""


def answer(text: str) -> Answer:
    return Answer(f'{{"data": {{"text": "{text}"}}}}'.encode(), None)


def test_a_newer_version_drops_every_answer_and_an_older_read_drops_none() -> None:
    cache = ResponseCache(entries=8)
    assert cache.answer((1, 1), "q") is None
    cache.keep((1, 1), "q", answer("one"))
    assert cache.answer((1, 1), "q") == answer("one")
    assert cache.answer((1, 2), "q") is None  # a view moved: gone
    cache.keep((1, 1), "q", answer("stale"))  # a slower request's answer: not kept
    assert cache.answer((1, 2), "q") is None
    cache.keep((1, 2), "q", answer("two"))
    assert cache.answer((1, 1), "q") is None  # a request that read before the move
    assert cache.answer((1, 2), "q") == answer("two")


def test_the_cache_keeps_at_most_its_entries_its_bytes_and_no_large_answer() -> None:
    cache = ResponseCache(entries=2, budget=8 * 40)
    cache.answer((5,), "a")
    for key in ("a", "b", "c"):
        cache.keep((5,), key, answer(key))
    assert cache.answer((5,), "a") is None and cache.answer((5,), "c") == answer("c")
    cache.keep((5,), "big", answer("x" * 40))  # over an eighth of the budget
    assert cache.answer((5,), "big") is None
    roomy = ResponseCache(entries=100, budget=8 * 40)
    roomy.answer((5,), "a")
    for n in range(20):  # 20 answers of 25 bytes: the budget holds 12
        roomy.keep((5,), n, answer(f"{n:03}"))
    assert roomy.size == 12 * 25 and len(roomy.answers) == 12
    assert roomy.answer((5,), 0) is None and roomy.answer((5,), 19) == answer("019")
    big = "{ products { name } }" + " " * MAX_KEY_CHARACTERS
    cache.seen_query(big, None)
    assert not cache.is_query(big, None)  # a large document is not remembered
    assert key_of("viewer", "{ x }", None, {"v": "x" * MAX_KEY_CHARACTERS}) is None
    off = ResponseCache(entries=0)
    off.seen_query("{ products { name } }", None)
    assert not off.is_query("{ products { name } }", None)


async def test_a_repeated_query_reads_only_the_views_positions(api: Api) -> None:
    reader, variables = api.services.reader, {"p": api.product_id}
    first = await api.ok(PAGE, variables, as_="Ana")  # runs: now known as a query
    second = await api.ok(PAGE, variables, as_="Ana")  # runs and is kept
    before = reader.round_trips
    third = await api.ok(PAGE, variables, as_="Ana")
    assert reader.round_trips - before == 1
    assert first == second == third
    assert len(third["product"]["backlog"]["edges"]) == 3


async def test_a_decision_is_seen_by_the_next_query(api: Api) -> None:
    variables = {"p": api.product_id}
    for _ in range(2):
        before = await api.ok(PAGE, variables, as_="Ana")
    version = before["product"]["backlogVersion"]
    decided = await api.ok(PRIORITIZE, {"i": api.ids["Apple Pay"], "v": version}, as_="Ana")
    assert decided["prioritizeItem"]["item"]["rank"] == 1
    after = await api.ok(PAGE, variables, as_="Ana")
    assert after["product"]["backlogVersion"] == version + 1
    assert after["product"]["backlog"]["edges"][0]["node"]["title"] == "Apple Pay"
    # Recorded past the API (another process): seen once the views show it.
    await anyio.to_thread.run_sync(
        lambda: api.tandem.decide(
            api.actor("Ana"),
            PrioritizeItem(item_id=api.ids["SSO login"], rank=1, rationale="Asked"),
        )
    )
    await api.settled()
    latest = await api.ok(PAGE, variables, as_="Ana")
    assert latest["product"]["backlog"]["edges"][0]["node"]["title"] == "SSO login"


async def test_an_answer_is_never_given_to_another_caller(api: Api) -> None:
    for _ in range(3):
        assert await api.ok(PRODUCTS, as_="Ana") == {"products": [{"name": "Checkout"}]}
    assert await api.ok(PRODUCTS, as_="Eve") == {"products": []}  # Eve has no role
    refused = await api.post(PAGE, {"p": api.product_id}, as_="Eve")
    assert refused.errors and refused.data in (None, {"product": None}), refused.body
    assert (await api.post(PRODUCTS, as_="anonymous")).code == "UNAUTHENTICATED"


async def test_an_answer_that_read_the_event_store_is_not_kept(api: Api) -> None:
    verify = "query($p: ID!) { verifyAudit(productId: $p) { ok checked } }"
    for _ in range(3):
        assert (await api.ok(verify, {"p": api.product_id}, as_="Ana"))["verifyAudit"]["ok"]
    assert not api.services.responses.answers


async def test_a_kept_answer_is_sent_as_the_client_asks_over_post_and_get(api: Api) -> None:
    token = api.tokens["Ana"]
    query = {"query": PAGE, "variables": json.dumps({"p": api.product_id})}
    bodies = []
    for accept in ("application/json", GRAPHQL_RESPONSE, GRAPHQL_RESPONSE):
        headers = {"Authorization": f"Bearer {token}", "Accept": accept}
        for response in (
            await api.client.get("/graphql", params=query, headers=headers),
            await api.client.post(
                "/graphql",
                json={"query": PAGE, "variables": {"p": api.product_id}},
                headers=headers,
            ),
        ):
            assert response.status_code == 200, response.text
            assert response.headers["content-type"].startswith(accept)
            assert response.headers["x-request-id"]
            bodies.append(response.json())
    assert api.services.responses.hits >= 4
    assert all(body == bodies[0] and "errors" not in body for body in bodies)
