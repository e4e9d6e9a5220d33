"""The server of workloads 7-9: the real app (api.app.create_app, settings from TANDEM_*)
plus what the benchmark needs beside it, in the same process and on the same reader:

  GET /bench/backlog/{id}?first=N  the plain FastAPI route: the same view query as
                                   the GraphQL backlog field, the same JSON
  GET /bench/timings               server time of each request since the last call
  GET /bench/queries               SQL statements the views' reader has run
  POST /bench/kept/{entries}       the answers the response cache keeps (0: none)

Run as `uvicorn bench.api_server:create --factory`."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from fastapi import FastAPI
from starlette.responses import JSONResponse

from api.app import create_app
from api.settings import Settings

Scope = dict[str, Any]


class Timed:
    """Records how long the app takes for each request, up to its last body chunk."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.timings: dict[str, list[float]] = defaultdict(list)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/bench/t"):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        kind = "plain" if scope["path"].startswith("/bench/backlog") else scope["path"]

        async def timed_send(message: dict[str, Any]) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.timings[kind].append(time.perf_counter() - start)

        await self.app(scope, receive, timed_send)


def create() -> Timed:
    app = create_app(Settings())
    timed = Timed(app)

    @app.get("/bench/backlog/{product_id}")
    async def plain_backlog(product_id: str, first: int = 20) -> JSONResponse:
        page = await app.state.services.reader.backlog(product_id, None, first, 0)
        edges = [
            {
                "node": {
                    "id": row.id,
                    "title": row.title,
                    "status": row.status,
                    "rank": row.rank,
                    "estimate": row.estimate,
                }
            }
            for row in page.rows
        ]
        return JSONResponse({"data": {"product": {"backlog": {"edges": edges}}}})

    @app.get("/bench/timings")
    async def timings() -> JSONResponse:
        found = dict(timed.timings)
        timed.timings.clear()
        return JSONResponse(found)

    @app.post("/bench/kept/{entries}")
    async def kept(entries: int) -> JSONResponse:
        """How many answers the response cache keeps (0: every request runs)."""
        responses = app.state.services.responses
        responses.entries = entries
        responses.clear()
        return JSONResponse({"entries": entries})

    @app.get("/bench/queries")
    async def queries() -> JSONResponse:
        return JSONResponse({"queries": app.state.services.reader.driver.queries})

    return timed
