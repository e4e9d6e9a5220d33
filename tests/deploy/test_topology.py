"""The production topology without Docker: two `tandem serve` processes and one
`tandem project` worker on one PostgreSQL database, as docker-compose.yml runs them.

A mutation sent to one API process is visible on the other; a subscription open on
the second receives decisions made through the first; a worker killed with -9 and
replaced leaves the views with every decision exactly once; SIGTERM lets an API
process finish the request in flight before it exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from httpx_ws import AsyncWebSocketSession, WebSocketDisconnect, aconnect_ws

from tests.backends import postgres_schema
from tests.deploy.processes import Process, Topology, free_port, healthy, until

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ADMIN_TOKEN = "topology-admin-token-of-32-characters"
ITEMS_BEFORE_KILL = 10
ITEMS_ACROSS_KILL = 30

DECISIONS = """query Decisions($id: ID!) { product(id: $id) {
  name decisions(first: 500) { totalCount edges { node { position type } } } } }"""
SUBSCRIBE = """subscription Live($id: ID!) {
  decisionRecorded(productId: $id, afterPosition: 0) { position type } }"""


class Api:
    """GraphQL over HTTP to one `tandem serve` process."""

    def __init__(self, http: httpx.AsyncClient, port: int) -> None:
        self.http = http
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    async def call(self, query: str, token: str = ADMIN_TOKEN, **variables: Any) -> Any:
        response = await self.http.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        body = response.json()
        assert "errors" not in body, body
        return body["data"]

    async def decisions(self, product_id: str) -> dict[str, Any] | None:
        product = (await self.call(DECISIONS, id=product_id))["product"]
        return None if product is None else dict(product["decisions"])


@pytest.fixture
def topology(tmp_path: Path) -> Iterator[Topology]:
    with postgres_schema() as url:
        env = {
            "TANDEM_DATABASE_URL": url,
            "TANDEM_ADMIN_TOKEN": ADMIN_TOKEN,
            "TANDEM_PROJECTIONS": "worker",
            "TANDEM_HOST": "127.0.0.1",
            "TANDEM_READ_TIMEOUT": "60",  # mutations wait across the worker's restart
            "TANDEM_LOG_LEVEL": "INFO",
        }
        topology = Topology(tmp_path, env)
        try:
            yield topology
        finally:
            topology.stop_all()


class Live:
    """What one open subscription has received, and how it ended."""

    def __init__(self) -> None:
        self.decisions: list[dict[str, Any]] = []
        self.closed_with: int | None = None

    def positions(self) -> list[int]:
        return [d["position"] for d in self.decisions]


@contextlib.asynccontextmanager
async def subscription(http: httpx.AsyncClient, api: Api, product_id: str) -> AsyncIterator[Live]:
    """Collects every decisionRecorded message on `api` while the block runs."""
    live = Live()
    url = f"ws://127.0.0.1:{api.port}/graphql"
    async with aconnect_ws(url, http, subprotocols=["graphql-transport-ws"]) as ws:
        init = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        await ws.send_json({"type": "connection_init", "payload": init})
        assert (await ws.receive_json(timeout=30))["type"] == "connection_ack"
        payload = {"query": SUBSCRIBE, "variables": {"id": product_id}}
        await ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        task = asyncio.create_task(collect(ws, live))
        try:
            yield live
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def collect(ws: AsyncWebSocketSession, live: Live) -> None:
    try:
        while True:
            message = json.loads(await ws.receive_text())
            assert message["type"] == "next", message
            live.decisions.append(message["payload"]["data"]["decisionRecorded"])
    except WebSocketDisconnect as closed:
        live.closed_with = closed.code


class Scenario:
    """Ana, Product Owner of "Checkout", decides through API A while B and its
    subscribers watch; `expected` holds the position of every decision recorded."""

    def __init__(self, topology: Topology, http: httpx.AsyncClient, a: Api, b: Api) -> None:
        self.topology = topology
        self.http = http
        self.a, self.b = a, b
        self.expected: list[int] = []
        self.product_id = ""
        self.ana: dict[str, Any] = {}

    async def start(self) -> None:
        for api in (self.a, self.b):
            await until(
                lambda api=api: healthy(self.http, api.base), f"{api.base}/healthz", self.topology
            )
        self.ana = (
            await self.a.call("""mutation { registerMember(input: {name: "Ana",
                 email: "ana@example.com"}) { member { id } token } }""")
        )["registerMember"]
        created = (
            await self.a.call("""mutation { createProduct(input: {name: "Checkout",
                 vision: "Pay in one tap"}) { product { id } decision { position } } }""")
        )["createProduct"]
        self.product_id = created["product"]["id"]
        self.expected.append(created["decision"]["position"])

    async def grant_product_owner(self) -> None:
        granted = await self.a.call(
            """mutation Grant($input: GrantRoleInput!) {
                 grantRole(input: $input) { decision { position } } }""",
            input={
                "productId": self.product_id,
                "memberId": self.ana["member"]["id"],
                "role": "PRODUCT_OWNER",
            },
        )
        self.expected.append(granted["grantRole"]["decision"]["position"])

    async def propose(self, count: int, first: int) -> list[int]:
        """Proposes `count` items one after another; returns their positions."""
        positions = []
        for n in range(first, first + count):
            data = await self.a.call(
                """mutation Propose($input: ProposeItemInput!) {
                     proposeItem(input: $input) { decision { position } } }""",
                token=self.ana["token"],
                input={"productId": self.product_id, "title": f"SSO login, part {n}"},
            )
            positions.append(data["proposeItem"]["decision"]["position"])
        return positions

    async def on_b(self, at_least: int) -> dict[str, Any] | None:
        """B's decisions view once it holds `at_least` decisions."""
        view = await self.b.decisions(self.product_id)
        return view if view is not None and view["totalCount"] >= at_least else None

    async def replace_worker_mid_stream(self, worker: Process) -> Process:
        """kill -9 the worker while decisions keep arriving, then start another."""
        sending = asyncio.create_task(self.propose(ITEMS_ACROSS_KILL, first=100))
        projected = len(self.expected) + 3
        await until(lambda: self.on_b(projected), "the worker to project more", self.topology)
        assert worker.kill() == -9
        replacement = self.topology.start("worker-2", "project")
        self.expected += await sending
        return replacement

    async def requests_in_flight(self, api: Api) -> float:
        text = (await self.http.get(f"{api.base}/metrics", timeout=5)).text
        line = next(x for x in text.splitlines() if x.startswith("tandem_requests_in_flight "))
        return float(line.split()[1])


def start_api(topology: Topology, name: str) -> tuple[Process, int]:
    port = free_port()
    process = topology.start(
        name, "serve", "--host", "127.0.0.1", "--port", str(port), TANDEM_PORT=str(port)
    )
    return process, port


async def test_two_api_processes_and_a_replaced_worker_share_one_database(
    topology: Topology,
) -> None:
    # As compose does: the tables first, once.
    assert topology.run("migrate", "migrate") == 0, topology.diagnostics()
    worker = topology.start("worker-1", "project")
    (api_a, port_a), (_, port_b) = start_api(topology, "api-a"), start_api(topology, "api-b")
    async with httpx.AsyncClient() as http:
        story = Scenario(topology, http, Api(http, port_a), Api(http, port_b))
        await story.start()

        # Written through A, read through B: the worker's views are shared.
        seen = await until(lambda: story.on_b(1), "the new product on B", topology)
        assert seen["totalCount"] == 1

        async with subscription(http, story.b, story.product_id) as live:
            await story.grant_product_owner()
            story.expected += await story.propose(ITEMS_BEFORE_KILL, first=1)
            worker = await story.replace_worker_mid_stream(worker)

            async def everything_on_b() -> dict[str, Any] | None:
                view = await story.on_b(len(story.expected))
                return view if len(live.decisions) >= len(story.expected) else None

            final = await until(everything_on_b, "every decision on B", topology)

        positions = [edge["node"]["position"] for edge in final["edges"]]
        assert final["totalCount"] == len(story.expected)
        assert sorted(positions) == sorted(story.expected)  # none lost, none repeated
        assert live.positions() == sorted(story.expected)  # in order, once each
        assert (await story.a.decisions(story.product_id)) == final

        # SIGTERM drains: a mutation in flight on A (waiting for the views while no
        # worker runs) completes, A's subscriptions close with 1012, A exits cleanly.
        worker.signal_stop()
        assert worker.stopped_cleanly(), topology.diagnostics()
        async with subscription(http, story.a, story.product_id) as closing:
            replayed = len(story.expected)
            await until(lambda: len(closing.decisions) == replayed, "replay on A", topology)
            pending = asyncio.create_task(story.propose(1, first=200))
            await until(
                lambda: at_least(story.requests_in_flight(story.a), 2), "a request", topology
            )
            api_a.signal_stop()
            topology.start("worker-3", "project")
            story.expected += await pending
            assert api_a.stopped_cleanly(), topology.diagnostics()
            await until(lambda: closing.closed_with is not None, "the close on A", topology)
        assert closing.closed_with == 1012  # "service restart": clients reconnect elsewhere
        await until(lambda: story.on_b(len(story.expected)), "the drained decision", topology)

    for process in topology.processes:
        if process.popen.poll() is None:
            process.signal_stop()
            assert process.stopped_cleanly(), topology.diagnostics()


async def at_least(value: Awaitable[float], least: float) -> bool:
    return await value >= least
