"""Real `tandem serve` processes for the reliability tests (built on tests/deploy/processes),
and a GraphQL client with bounded timeouts that keeps whole replies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.deploy.processes import Process, Topology, free_port, healthy, until

ADMIN_TOKEN = "reliability-admin-token-of-32-characters"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Reply:
    status: int
    body: dict[str, Any]

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or [])

    @property
    def code(self) -> str | None:
        return self.errors[0].get("extensions", {}).get("code") if self.errors else None

    @property
    def retryable(self) -> bool:
        return bool(self.errors and self.errors[0].get("extensions", {}).get("retryable"))


class Server:
    """GraphQL over HTTP to one `tandem serve` process."""

    def __init__(self, process: Process, port: int) -> None:
        self.process = process
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    async def post(
        self,
        http: httpx.AsyncClient,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = ADMIN_TOKEN,
        within: float = 30.0,
    ) -> Reply:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await http.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=within,
        )
        try:
            body = response.json()
        except json.JSONDecodeError:
            status, text = response.status_code, response.text[:300]
            raise AssertionError(f"not JSON ({status}): {text}") from None
        return Reply(response.status_code, body)

    async def ok(
        self, http: httpx.AsyncClient, query: str, token: str = ADMIN_TOKEN, **v: Any
    ) -> Any:
        reply = await self.post(http, query, v, token)
        assert reply.status == 200 and not reply.errors, reply.body
        return reply.data


class ModuleProcess(Process):
    """`python -m MODULE ARGS` instead of `tandem ARGS` (a patched release of the command)."""

    def __init__(
        self, name: str, module: str, args: list[str], env: dict[str, str], folder: Path
    ) -> None:
        self.name = name
        self.args = args
        self.stopping = False
        self.log_path = folder / f"{name}.log"
        self.log_file = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )


def start_module(topology: Topology, name: str, module: str, *args: str) -> Process:
    process = ModuleProcess(name, module, list(args), topology.env, topology.folder)
    topology.processes.append(process)
    return process


def serve(topology: Topology, name: str, **env: str) -> Server:
    port = free_port()
    process = topology.start(
        name, "serve", "--host", "127.0.0.1", "--port", str(port), TANDEM_PORT=str(port), **env
    )
    return Server(process, port)


async def started(topology: Topology, http: httpx.AsyncClient, *servers: Server) -> None:
    for server in servers:
        await until(
            lambda s=server: healthy(http, s.base), f"{server.base}/healthz", topology, within=60
        )


@contextmanager
def processes(folder: Path, url: str, **env: str) -> Iterator[Topology]:
    """A topology of `tandem` processes on one database, stopped afterwards."""
    topology = Topology(
        folder,
        {
            "TANDEM_DATABASE_URL": url,
            "TANDEM_ADMIN_TOKEN": ADMIN_TOKEN,
            "TANDEM_HOST": "127.0.0.1",
            "TANDEM_LOG_LEVEL": "WARNING",
            **env,
        },
    )
    try:
        yield topology
    finally:
        topology.stop_all()
