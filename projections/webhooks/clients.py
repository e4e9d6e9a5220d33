"""The HTTP clients deliveries go out on: one per receiving host name. A delivery
connects to an address its name resolved to and the guard checked (sender.pinned), so
connections are pooled by address; with a client per name, a connection opened (and,
over TLS, verified) for one name never carries another name's delivery that happens
to resolve to the same address."""

from __future__ import annotations

import threading

import httpx

IDLE = 1.0
"""Seconds an idle connection to a receiver is reused: shorter than the usual servers'
own limits (gunicorn 2 s, uvicorn and Node 5 s), so they never close one just as a
delivery goes out on it (httpx's 5 s made that attempt fail, to be retried later)."""


class Clients:
    """Lazily made, each with at most `connections` connections, closed together."""

    def __init__(self, timeout: float, connections: int) -> None:
        self.timeout = timeout
        self.limits = httpx.Limits(max_connections=connections, keepalive_expiry=IDLE)
        self.clients: dict[str, httpx.Client] = {}
        self.lock = threading.Lock()

    def for_url(self, url: str) -> httpx.Client:
        try:
            host = httpx.URL(url).host
        except httpx.InvalidURL:  # the sender's guard refuses it, with a reason
            host = ""
        with self.lock:
            client = self.clients.get(host)
            if client is None:
                client = self.clients[host] = httpx.Client(
                    timeout=self.timeout, trust_env=False, limits=self.limits
                )
            return client

    def close(self) -> None:
        with self.lock:
            clients, self.clients = list(self.clients.values()), {}
        for client in clients:
            client.close()
