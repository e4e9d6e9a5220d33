"""`tandem serve` as a real process on a free port, spoken to over HTTP and WebSocket."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.websocket import connected

pytestmark = pytest.mark.slow

BACKLOG = """query($p: ID!) { product(id: $p) { name backlog(first: 3) { edges { node {
  id title rank } } } decisions(first: 1) { edges { node { position } } } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`tandem serve --seed-demo` on SQLite; yields its address and what it printed."""
    port, log = free_port(), tmp_path / "serve.log"
    command = [
        str(Path(sys.executable).with_name("tandem")),
        "serve",
        "--seed-demo",
        "--port",
        str(port),
        "--database-url",
        f"sqlite:///{tmp_path / 'tandem.db'}",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env={**env, "TANDEM_GRAPHIQL": "1"}
        )
    address = f"http://127.0.0.1:{port}"
    try:
        # The default of one worker per CPU starts that many more interpreters after
        # this one: each imports everything again, slow on a loaded machine.
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{address}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)  # waiting for a process to listen, not for projections
        yield address, log.read_text()
    finally:
        process.send_signal(signal.SIGTERM)
        try:  # uvicorn shuts down cleanly, then re-raises the signal it caught
            assert process.wait(timeout=30) in (0, -signal.SIGTERM), log.read_text()
            assert "Application shutdown complete" in log.read_text()
        finally:
            process.kill()


async def test_tandem_serve_answers_http_and_websocket(server: tuple[str, str]) -> None:
    address, printed = server
    ana = re.search(r"Ana Duarte, Product Owner\s+(\S+)", printed)
    product = re.search(r"Demo product (\S+);", printed)
    assert ana and product and f"GraphiQL: {address}/graphql" in printed, printed
    token, product_id = ana.group(1), product.group(1)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=address, headers=headers, timeout=30) as client:
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()
        answer = (
            await client.post("/graphql", json={"query": BACKLOG, "variables": {"p": product_id}})
        ).json()
        backlog = answer["data"]["product"]
        assert backlog["name"] == "Harbor Checkout"
        last = backlog["decisions"]["edges"][0]["node"]["position"]
        third = backlog["backlog"]["edges"][2]["node"]
        async with connected(client, token) as subscriber:
            assert (await subscriber.message())["type"] == "connection_ack"
            await subscriber.subscribe(product_id, after=last)
            moved = await client.post(
                "/graphql",
                json={
                    "query": """mutation($i: ID!) {
                prioritizeItem(input: {itemId: $i, rank: 1, rationale: "Live from the test"})
                { item { rank } decision { position } } }""",
                    "variables": {"i": third["id"]},
                },
            )
            decision = moved.json()["data"]["prioritizeItem"]
            assert decision["item"]["rank"] == 1
            pushed = await subscriber.decision()
            assert pushed["position"] == decision["decision"]["position"]
            assert pushed["type"] == "ItemPrioritized"
            assert pushed["actor"] == {"name": "Ana Duarte"}
        assert (await client.get("/healthz")).json() == {"status": "ok"}
