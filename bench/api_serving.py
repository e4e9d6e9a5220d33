"""A seeded database and a running server for the API workloads, one per backend,
shared by workloads 7-9 and stopped when the suite ends."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.composition import build
from api.settings import Settings
from bench.seed import add_product, assign_all, gather
from bench.sizes import Sizes
from bench.stores import database

ROOT = Path(__file__).resolve().parent.parent
ADMIN_TOKEN = "bench-admin-token-of-at-least-32-characters"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def readyz(port: int) -> bool:
    return httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200


def start_server(
    command: list[str],
    url: str,
    port: int,
    *,
    ready: Callable[[int], bool] = readyz,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Starts a server process and waits until `ready(port)` (Tandem's /readyz)."""
    return wait_ready(spawn_server(command, url, port, env=env), port, ready)


def spawn_server(
    command: list[str], url: str, port: int, *, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Starts a server process with Tandem's settings for `url` and `port` in its
    environment (plus `env`), without waiting for it."""
    environment = {
        **os.environ,
        "TANDEM_DATABASE_URL": url,
        "TANDEM_ADMIN_TOKEN": ADMIN_TOKEN,
        "TANDEM_LOG_LEVEL": "WARNING",
        "TANDEM_PORT": str(port),
        **(env or {}),
    }
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)


def wait_ready(
    process: subprocess.Popen[bytes], port: int, ready: Callable[[int], bool] = readyz
) -> subprocess.Popen[bytes]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.args!r}")
        try:
            if ready(port):
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise TimeoutError("server not ready in 180 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class Session:
    url: str
    products: list[str]
    token: str
    client: httpx.Client
    stack: ExitStack
    big: tuple[str, dict[str, Any], float, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def raw(self, query: str, variables: dict[str, Any]) -> bytes:
        response = self.client.post("/graphql", json={"query": query, "variables": variables})
        response.raise_for_status()
        return response.content

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query, "variables": variables})
        response.raise_for_status()
        body = response.json()
        if body.get("errors"):
            raise RuntimeError(f"GraphQL errors: {body['errors'][:2]}")
        data: dict[str, Any] = body["data"]
        return data

    def statements(self, query: str, variables: dict[str, Any]) -> int:
        """SQL statements of one request (fewest of three: nothing else reads meanwhile)."""
        counts = []
        for _ in range(3):
            before = self.client.get("/bench/queries").json()["queries"]
            self.graphql(query, variables)
            counts.append(self.client.get("/bench/queries").json()["queries"] - before)
        return min(counts)


SESSIONS: dict[str, Session] = {}


def session(backend: str, sizes: Sizes) -> Session:
    if backend not in SESSIONS:
        SESSIONS[backend] = open_session(backend, sizes)
    return SESSIONS[backend]


def open_session(backend: str, sizes: Sizes) -> Session:
    stack = ExitStack()
    try:
        url = stack.enter_context(database(backend))
        tandem = build(Settings(database_url=url, admin_token=ADMIN_TOKEN))
        try:
            crew = gather(tandem.app, products=0)
            crew.products = [add_product(crew, f"Backlog of {n}", n) for n in sizes.api_items]
            for product in crew.products:
                assign_all(crew, product)
        finally:
            tandem.close()
        port = free_port()
        command = [sys.executable, "-m", "uvicorn", "bench.api_server:create", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
        process = start_server(command, url, port)
        stack.callback(stop_server, process)
        client = httpx.Client(
            base_url=f"http://127.0.0.1:{port}",
            headers={"Authorization": f"Bearer {crew.tokens['Ana']}"},
            timeout=60,
        )
        stack.callback(client.close)
        api = Session(url, crew.products, crew.tokens["Ana"], client, stack)
        wait_for_views(api, sizes.api_items[-1])
        return api
    except BaseException:
        stack.close()
        raise


def wait_for_views(api: Session, items: int) -> None:
    query = "query($id: ID!) { product(id: $id) { backlog(first: 1) { totalCount } } }"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        data = api.graphql(query, {"id": api.products[-1]})
        if data["product"] and data["product"]["backlog"]["totalCount"] >= items:
            return
        time.sleep(0.2)
    raise TimeoutError("the views did not catch up with the seeded backlogs")


def close_sessions() -> None:
    while SESSIONS:
        _, api = SESSIONS.popitem()
        api.stack.close()
