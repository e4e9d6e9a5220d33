"""A graphql-transport-ws client for the tests, over httpx-ws."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from httpx_ws import AsyncWebSocketSession, aconnect_ws

PROTOCOL = "graphql-transport-ws"
DECISIONS = """subscription($p: ID!, $after: Int) {
  decisionRecorded(productId: $p, afterPosition: $after) {
    id position type summary actor { name } } }"""


class Subscriber:
    """One connection; `next()` answers the payload of the next message of its operation."""

    def __init__(self, ws: AsyncWebSocketSession) -> None:
        self.ws = ws

    async def subscribe(
        self, product_id: str, after: int | None = None, op: str = "1", query: str = DECISIONS
    ) -> None:
        variables: dict[str, Any] = {"p": product_id}
        if after is not None:
            variables["after"] = after
        await self.ws.send_json(
            {"id": op, "type": "subscribe", "payload": {"query": query, "variables": variables}}
        )

    async def message(self, within: float = 10) -> dict[str, Any]:
        while True:
            message: dict[str, Any] = await self.ws.receive_json(timeout=within)
            if message["type"] != "ping":
                return message
            await self.ws.send_json({"type": "pong"})

    async def decision(self, within: float = 10) -> dict[str, Any]:
        message = await self.message(within)
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        decision: dict[str, Any] = message["payload"]["data"]["decisionRecorded"]
        return decision


@asynccontextmanager
async def connected(
    client: httpx.AsyncClient, token: str | None, payload: Any = None
) -> AsyncIterator[Subscriber]:
    """Connects and initialises with {"Authorization": "Bearer <token>"}."""
    url = str(client.base_url.join("/graphql"))
    ws: AsyncWebSocketSession
    async with aconnect_ws(url, client, subprotocols=[PROTOCOL]) as ws:
        init = (
            payload
            if payload is not None
            else ({"Authorization": f"Bearer {token}"} if token else {})
        )
        await ws.send_json({"type": "connection_init", "payload": init})
        subscriber = Subscriber(ws)
        yield subscriber
