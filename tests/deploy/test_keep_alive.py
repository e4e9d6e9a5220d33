"""TANDEM_KEEP_ALIVE reaches the server: an idle connection is closed after that many
seconds, not after uvicorn's own 5 (the same as httpx's idle limit, which let the
server close connections just as clients reused them)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from api.settings import Settings
from tests.deploy.live_server import live_server

pytestmark = pytest.mark.slow

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def answered(conn: socket.socket) -> bytes:
    """One response's bytes (headers and the small body /healthz sends)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        assert chunk, "the server closed the connection instead of answering"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += conn.recv(4096)
    return head


def test_an_idle_connection_lasts_as_long_as_the_setting_says(tmp_path: Path) -> None:
    with live_server(tmp_path, TANDEM_KEEP_ALIVE="1") as server:
        port = int(server.base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(REQUEST)
            assert answered(conn).startswith(b"HTTP/1.1 200")
            conn.sendall(REQUEST)  # the same connection, reused at once
            assert answered(conn).startswith(b"HTTP/1.1 200")
            idle_from = time.monotonic()
            conn.settimeout(4.0)  # uvicorn's own 5 s would not close it by then
            assert conn.recv(1) == b"", "the server should close an idle connection"
            idle = time.monotonic() - idle_from
    assert 0.5 < idle < 4.0, idle


def test_the_default_outlasts_clients_and_proxies_idle_limits() -> None:
    # httpx keeps an idle connection 5 s, AWS's load balancer 60 s.
    assert Settings().keep_alive > 60


@pytest.mark.parametrize("seconds", ["0", "-3", "3601", "soon"])
def test_a_keep_alive_out_of_range_is_refused(
    seconds: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TANDEM_KEEP_ALIVE", seconds)
    with pytest.raises(ValueError, match="keep_alive"):
        Settings()
