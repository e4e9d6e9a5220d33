"""One real `tandem serve` on a throw-away SQLite database, for tests that drive it
from outside Python's reach (curl, a browser, node)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.deploy.processes import Topology, free_port

ADMIN_TOKEN = "first-steps-admin-token-of-32-chars"


@dataclass(frozen=True)
class LiveServer:
    base: str
    admin_token: str
    topology: Topology

    @property
    def graphql(self) -> str:
        return f"{self.base}/graphql"


def wait_until_healthy(server: LiveServer, within: float = 90.0) -> None:
    """Polls /healthz until it answers 200; fails with the server's output otherwise."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{server.base}/healthz", timeout=2).status_code == 200:
                return
        process = server.topology.processes[0]
        if process.popen.poll() is not None:
            raise AssertionError("tandem serve exited\n" + server.topology.diagnostics())
        time.sleep(0.05)  # a polling interval, not a wait for something to happen
    raise AssertionError("tandem serve never became healthy\n" + server.topology.diagnostics())


@contextlib.contextmanager
def live_server(folder: Path, **env: str) -> Iterator[LiveServer]:
    """`tandem serve` on `folder`/tandem.db with GraphiQL on and a known admin token."""
    port = free_port()
    topology = Topology(
        folder,
        {
            "TANDEM_DATABASE_URL": f"sqlite:///{folder / 'tandem.db'}",
            "TANDEM_ADMIN_TOKEN": ADMIN_TOKEN,
            "TANDEM_HOST": "127.0.0.1",
            "TANDEM_PORT": str(port),
            "TANDEM_GRAPHIQL": "1",
            **env,
        },
    )
    topology.start("serve", "serve")
    server = LiveServer(f"http://127.0.0.1:{port}", ADMIN_TOKEN, topology)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        topology.stop_all()
