"""Read-your-writes in the process that runs the views: the mutation waits for the
views' batch to commit, then answers with the views showing the decision, and it
takes their positions from the runners that committed them, not from a query."""

from __future__ import annotations

from typing import Any

from tests.api.harness import Api

PRIORITIZE = """mutation($input: PrioritizeItemInput!) {
  prioritizeItem(input: $input) { item { id rank } decision { type } } }"""
BACKLOG = "query($p: ID!) { product(id: $p) { backlog(first: 5) { edges { node { id } } } } }"


async def first_ids(api: Api) -> list[str]:
    page = (await api.ok(BACKLOG, {"p": api.product_id}, as_="Ana"))["product"]["backlog"]
    return [edge["node"]["id"] for edge in page["edges"]]


async def move_last_first(api: Api) -> tuple[str, dict[str, Any], int]:
    """Ana moves the last item to rank 1; the item, the payload, and how many times
    the views' positions were read from the store meanwhile."""
    reads = 0
    positions = api.services.reader.positions

    async def counted() -> dict[str, int]:
        nonlocal reads
        reads += 1
        return await positions()

    api.services.reader.positions = counted  # type: ignore[method-assign]
    last = (await first_ids(api))[-1]
    moved = await api.ok(
        PRIORITIZE, {"input": {"itemId": last, "rank": 1, "rationale": "Asked"}}, as_="Ana"
    )
    return last, moved["prioritizeItem"], reads


async def test_a_decision_is_shown_without_reading_the_positions(api: Api) -> None:
    last, payload, reads = await move_last_first(api)
    assert payload == {"item": {"id": last, "rank": 1}, "decision": {"type": "ItemPrioritized"}}
    assert api.container.projections.shown_here() is not None
    assert reads == 0
    assert (await first_ids(api))[0] == last


async def test_where_another_process_runs_the_views_their_positions_are_read(api: Api) -> None:
    api.container.projections.shown_here = lambda: None  # type: ignore[method-assign]
    last, payload, reads = await move_last_first(api)
    assert payload["item"] == {"id": last, "rank": 1}
    assert reads > 0
