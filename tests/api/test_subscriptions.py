"""decisionRecorded over graphql-transport-ws: live, replayed, resumed, and guarded."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio.to_thread
import httpx
from httpx_ws import WebSocketDisconnect

from domain.commands import DropItem, EstimateItem, PrioritizeItem
from tests.api.harness import Api, gather_crew, running
from tests.api.websocket import connected
from tests.backends import database_url

AUDIT = """query($p: ID!) { product(id: $p) { decisions(first: 500) { edges { node {
  id position type } } } } }"""


async def audit(api: Api) -> list[dict[str, Any]]:
    data = await api.ok(AUDIT, {"p": api.product_id}, as_="Ana")
    return [e["node"] for e in reversed(data["product"]["decisions"]["edges"])]


async def test_a_subscriber_receives_each_decision_as_it_is_recorded(api: Api) -> None:
    # Without afterPosition a subscription starts at the views' position when it starts,
    # which the protocol does not acknowledge: start from the last decision seen instead.
    seen = (await audit(api))[-1]["position"]
    async with api.websocket_client() as client, connected(client, api.tokens["Cleo"]) as sub:
        assert (await sub.message())["type"] == "connection_ack"
        await sub.subscribe(api.product_id, after=seen)
        apple, sso = api.ids["Apple Pay"], api.ids["SSO login"]
        moved = await api.ok(
            """mutation($i: ID!) { prioritizeItem(input: {itemId: $i,
            rank: 1, rationale: "Holiday sales"}) { decision { position } } }""",
            {"i": apple},
            as_="Ana",
        )
        await anyio.to_thread.run_sync(
            api.tandem.decide, api.actor("Ben"), EstimateItem(item_id=sso, points=3)
        )
        first, second = await sub.decision(), await sub.decision()
        assert first["position"] == moved["prioritizeItem"]["decision"]["position"]
        assert first["summary"] == "Ana (Product Owner) moved 'Apple Pay' from #3 to #1"
        assert (second["type"], second["actor"]) == ("ItemEstimated", {"name": "Ben"})
        assert second["position"] > first["position"]


async def test_after_position_replays_what_was_missed_then_goes_live(api: Api) -> None:
    before = await audit(api)
    async with api.websocket_client() as client, connected(client, api.tokens["Dev"]) as sub:
        await sub.message()
        await sub.subscribe(api.product_id, after=before[2]["position"])
        replayed = [await sub.decision() for _ in before[3:]]
        assert [d["id"] for d in replayed] == [d["id"] for d in before[3:]]
        api.tandem.decide(
            api.actor("Ana"), DropItem(item_id=api.ids["Guest checkout"], rationale="Nobody asked")
        )
        live = await sub.decision()
        assert live["type"] == "ItemDropped" and live["position"] > replayed[-1]["position"]


async def test_a_client_that_reconnects_misses_nothing_and_gets_nothing_twice(api: Api) -> None:
    """Decisions keep coming while the client drops and resumes from the last it saw."""
    start = (await audit(api))[-1]["position"]
    decisions = 24

    def keep_deciding() -> None:
        ana = api.actor("Ana")
        for n in range(decisions):
            item = [api.ids["Apple Pay"], api.ids["SSO login"], api.ids["Guest checkout"]][n % 3]
            api.tandem.decide(
                ana, PrioritizeItem(item_id=item, rank=1 + n % 3, rationale=f"Round {n}")
            )

    received: list[dict[str, Any]] = []
    async with api.websocket_client() as client:
        writer = asyncio.create_task(anyio.to_thread.run_sync(keep_deciding))
        while len(received) < decisions:
            last = received[-1]["position"] if received else start
            async with connected(client, api.tokens["Ben"]) as sub:
                await sub.message()
                await sub.subscribe(api.product_id, after=last)
                for _ in range(min(5, decisions - len(received))):
                    received.append(await sub.decision())
        await writer
    positions = [d["position"] for d in received]
    assert len(positions) == len(set(positions)) == decisions
    assert positions == sorted(positions)
    expected = [d for d in await audit(api) if d["position"] > start]
    assert [d["id"] for d in received] == [d["id"] for d in expected]


async def close_code(client: httpx.AsyncClient, token: str | None, payload: object) -> int:
    """The code the server closes with after connection_init (the client's task group may
    wrap the disconnect in an exception group)."""
    codes: list[int] = []
    try:
        async with connected(client, token, payload) as sub:
            await sub.message()
    except* WebSocketDisconnect as group:
        codes += [e.code for e in group.exceptions if isinstance(e, WebSocketDisconnect)]
    assert codes, "the connection was not closed"
    return codes[0]


async def test_a_connection_without_a_valid_token_is_closed(api: Api) -> None:
    async with api.websocket_client() as client:
        for token, payload in (
            (None, {}),
            ("nope", None),
            (None, {"Authorization": 42}),
            (None, {"Authorization": f"Basic {api.tokens['Ana']}"}),
        ):
            assert await close_code(client, token, payload) == 4403


async def test_a_non_member_cannot_subscribe_and_ids_are_checked(api: Api) -> None:
    async with api.websocket_client() as client, connected(client, api.tokens["Eve"]) as sub:
        assert (await sub.message())["type"] == "connection_ack"

        async def refusal(op: str, product_id: str, **options: Any) -> str:
            """What the server answers, up to the end of the operation."""
            await sub.subscribe(product_id, op=op, **options)
            answered = []
            while True:
                message = await sub.message()
                assert message["id"] == op and "Traceback" not in str(message)
                answered.append(message)
                if message["type"] in ("complete", "error"):
                    return str(answered)

        assert "FORBIDDEN" in await refusal("eve", api.product_id)
        assert "BAD_USER_INPUT" in await refusal("bad-id", "checkout")
        assert "BAD_USER_INPUT" in await refusal("negative", api.product_id, after=-1)
        broken = await refusal("broken", api.product_id, query="subscription { nope }")
        assert "GRAPHQL_VALIDATION_FAILED" in broken


async def test_a_subscriber_on_another_server_is_woken_by_notify() -> None:
    """Two API processes on one PostgreSQL database: the views are written by the first;
    the second, with no runners of its own, hears NOTIFY tandem_views at once."""
    with database_url("postgres") as url:
        async with running(url) as deciding, running(url, projections="worker") as serving:
            serving.services.watch.fallback = 60.0  # only a NOTIFY can wake it in time
            await gather_crew(deciding)
            serving.tokens, serving.product_id = deciding.tokens, deciding.product_id
            seen = (await audit(serving))[-1]["position"]
            async with (
                serving.websocket_client() as client,
                connected(client, deciding.tokens["Cleo"]) as sub,
            ):
                await sub.message()
                await sub.subscribe(serving.product_id, after=seen)
                await asyncio.sleep(0.3)  # the subscription is now waiting for a wake-up
                deciding.tandem.decide(
                    deciding.actor("Ana"),
                    DropItem(item_id=deciding.ids["Apple Pay"], rationale="Not this quarter"),
                )
                with anyio.fail_after(5):
                    dropped = await sub.decision()
                assert dropped["type"] == "ItemDropped"
