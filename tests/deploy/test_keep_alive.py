"""TANDEM_KEEP_ALIVE reaches the server: an idle connection is closed after that many
seconds, not after uvicorn's own 5 (the same as httpx's idle limit, which let the
server close connections just as clients reused them)."""

from __future__ import annotations

import http.client
import time
from pathlib import Path

import pytest

from api.settings import Settings
from tests.deploy.live_server import live_server

pytestmark = pytest.mark.slow


def test_an_idle_connection_lasts_as_long_as_the_setting_says(tmp_path: Path) -> None:
    with live_server(tmp_path, TANDEM_KEEP_ALIVE="1") as server:
        port = int(server.base.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            for _ in range(2):  # the second request on the same connection, at once
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                assert response.status == 200 and not response.will_close
            assert conn.sock is not None
            idle_from = time.monotonic()
            conn.sock.settimeout(4.0)  # uvicorn's own 5 s would not close it by then
            assert conn.sock.recv(1) == b"", "the server should close an idle connection"
            idle = time.monotonic() - idle_from
        finally:
            conn.close()
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
