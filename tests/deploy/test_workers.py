"""`tandem serve --workers 2` on one port, on SQLite and PostgreSQL: one worker runs the
projections, both serve, and a decision made through either is read back by its own
mutation (read-your-writes) and by any later query; nothing is lost. When the projecting
worker is killed, the other takes over the projections."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.backends import DURABLE_BACKENDS, database_url
from tests.deploy.processes import Process, Topology, free_port, healthy, until

pytestmark = pytest.mark.slow

ADMIN_TOKEN = "workers-admin-token-of-32-characters"
REGISTER = """mutation { registerMember(input: {name: "Ana", email: "ana@example.com"}) {
  member { id } token } }"""
CREATE = """mutation { createProduct(input: {name: "Checkout", vision: "Pay in one tap"}) {
  product { id } } }"""
GRANT = """mutation Grant($input: GrantRoleInput!) { grantRole(input: $input) {
  decision { position } } }"""
PROPOSE = """mutation Propose($input: ProposeItemInput!) {
  proposeItem(input: $input) { item { title } } }"""
BACKLOG = """query Backlog($id: ID!) { product(id: $id) {
  backlog(first: 100) { totalCount edges { node { title } } } } }"""


@pytest.fixture(params=DURABLE_BACKENDS)
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Topology, str]]:
    """`tandem serve --workers 2` on a clean database; yields the topology and its URL."""
    with database_url(request.param) as url:
        port = free_port()
        env = {
            "TANDEM_DATABASE_URL": url,
            "TANDEM_ADMIN_TOKEN": ADMIN_TOKEN,
            "TANDEM_HOST": "127.0.0.1",
            "TANDEM_PORT": str(port),
            "TANDEM_LOG_LEVEL": "INFO",
        }
        topology = Topology(tmp_path, env)
        try:
            topology.start("serve", "serve", "--workers", "2")
            yield topology, f"http://127.0.0.1:{port}"
        finally:
            topology.stop_all()


def log_lines(process: Process) -> list[dict[str, Any]]:
    lines = []
    for text in process.output().splitlines():
        if text.startswith("{"):
            lines.append(json.loads(text))
    return lines


def started_workers(process: Process) -> set[int]:
    return {
        line["pid"] for line in log_lines(process) if line["msg"] == "Application startup complete."
    }


def projecting(process: Process) -> list[int]:
    """The pids that said they run the projections, in order."""
    return [line["pid"] for line in log_lines(process) if "runs the projections" in line["msg"]]


async def call(base: str, query: str, token: str = ADMIN_TOKEN, **variables: Any) -> Any:
    """One request on a connection of its own, so the kernel may give it to either worker."""
    async with httpx.AsyncClient(timeout=60) as http:
        response = await http.post(
            f"{base}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


async def checkout_with_ana(base: str) -> tuple[str, str]:
    """Ana, Product Owner of "Checkout": her token and the product's id."""
    ana = (await call(base, REGISTER))["registerMember"]
    product = (await call(base, CREATE))["createProduct"]["product"]["id"]
    grant = {"productId": product, "memberId": ana["member"]["id"], "role": "PRODUCT_OWNER"}
    await call(base, GRANT, input=grant)
    return ana["token"], product


async def propose(base: str, token: str, product: str, titles: list[str]) -> None:
    for title in titles:
        data = await call(base, PROPOSE, token, input={"productId": product, "title": title})
        assert data["proposeItem"]["item"]["title"] == title  # read back by its own worker


async def backlog_titles(base: str, product: str) -> list[str]:
    backlog = (await call(base, BACKLOG, id=product))["product"]["backlog"]
    assert backlog["totalCount"] == len(backlog["edges"])
    return sorted(edge["node"]["title"] for edge in backlog["edges"])


async def test_decisions_through_either_worker_are_read_back(
    served: tuple[Topology, str],
) -> None:
    topology, base = served
    serve = topology.processes[0]
    async with httpx.AsyncClient() as http:
        await until(lambda: healthy(http, base), "/healthz", topology)
    await until(lambda: len(started_workers(serve)) == 2, "both workers to start", topology)
    assert len(projecting(serve)) == 1  # exactly one worker runs the projections

    ana, product = await checkout_with_ana(base)
    titles = [f"SSO login, part {n}" for n in range(24)]
    await propose(base, ana, product, titles[:12])

    # Every worker answered some of those: their pids are in the access log.
    served_by = {line["pid"] for line in log_lines(serve) if line.get("logger") == "tandem.access"}
    assert served_by == started_workers(serve), served_by

    # The projecting worker dies; the other takes the projections over.
    first = projecting(serve)[0]
    os.kill(first, signal.SIGKILL)
    await until(lambda: len(projecting(serve)) >= 2, "another worker to project", topology)
    await propose(base, ana, product, titles[12:])
    assert await backlog_titles(base, product) == sorted(titles)


async def test_an_answer_kept_by_either_worker_never_hides_a_later_decision(
    served: tuple[Topology, str],
) -> None:
    """Each worker keeps the answers to repeated queries; a decision made through
    either worker is in every answer to a query sent after it, from both."""
    topology, base = served
    serve = topology.processes[0]
    async with httpx.AsyncClient() as http:
        await until(lambda: healthy(http, base), "/healthz", topology)
    await until(lambda: len(started_workers(serve)) == 2, "both workers to start", topology)
    ana, product = await checkout_with_ana(base)
    seen: list[str] = []
    for n in range(6):
        for _ in range(6):  # the same query again and again, over either worker
            assert await backlog_titles(base, product) == sorted(seen)
        await propose(base, ana, product, [f"Item {n}"])
        seen.append(f"Item {n}")
    assert await backlog_titles(base, product) == sorted(seen)
    served_by = {line["pid"] for line in log_lines(serve) if line.get("logger") == "tandem.access"}
    assert served_by == started_workers(serve), served_by
