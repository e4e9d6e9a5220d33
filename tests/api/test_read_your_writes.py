"""Read-your-writes in the process that runs the views: the mutation waits for the
views' batch to commit, then answers with the views showing the decision, and it
takes their positions from the runners that committed them, not from a query."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api

PRIORITIZE = """mutation($input: PrioritizeItemInput!) {
  prioritizeItem(input: $input) { item { id rank } decision { type } } }"""
BACKLOG = "query($p: ID!) { product(id: $p) { backlog(first: 5) { edges { node { id } } } } }"


async def test_a_decision_is_shown_without_reading_the_positions(api: Api) -> None:
    reads: list[Any] = []
    reader = api.services.reader
    positions = reader.positions

    async def counted() -> dict[str, int]:
        reads.append(1)
        return await positions()

    reader.positions = counted  # type: ignore[method-assign]
    edges = (await api.ok(BACKLOG, {"p": api.product_id}, as_="Ana"))["product"]["backlog"]
    last = edges["edges"][-1]["node"]["id"]
    moved = await api.ok(
        PRIORITIZE, {"input": {"itemId": last, "rank": 1, "rationale": "Asked"}}, as_="Ana"
    )
    assert moved["prioritizeItem"] == {
        "item": {"id": last, "rank": 1},
        "decision": {"type": "ItemPrioritized"},
    }
    assert api.container.projections.shown_here() is not None
    assert reads == []
    first = (await api.ok(BACKLOG, {"p": api.product_id}, as_="Ana"))["product"]["backlog"]
    assert first["edges"][0]["node"]["id"] == last


async def test_where_another_process_runs_the_views_their_positions_are_read(api: Api) -> None:
    reads: list[Any] = []
    reader = api.services.reader
    positions = reader.positions

    async def counted() -> dict[str, int]:
        reads.append(1)
        return await positions()

    reader.positions = counted  # type: ignore[method-assign]
    api.container.projections.shown_here = lambda: None  # type: ignore[method-assign]
    edges = (await api.ok(BACKLOG, {"p": api.product_id}, as_="Ana"))["product"]["backlog"]
    last = edges["edges"][-1]["node"]["id"]
    moved = await api.ok(
        PRIORITIZE, {"input": {"itemId": last, "rank": 1, "rationale": "Asked"}}, as_="Ana"
    )
    assert moved["prioritizeItem"]["item"] == {"id": last, "rank": 1}
    assert reads
