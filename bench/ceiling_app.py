"""The ceiling of workload 15: a plain FastAPI route on an asyncpg pool serving a
backlog's first N items in one statement over bench/peer_view.py's view, in the
JSON shape of the GraphQL answer. No token, no membership, no GraphQL: what one
Python process can serve from the same database.

Run as `uvicorn bench.ceiling_app:create --factory` with BENCH_CEILING_DSN and
BENCH_CEILING_SCHEMA (the view's schema)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI
from starlette.responses import JSONResponse

from bench.peer_view import PAGE


def create() -> FastAPI:
    pools: list[asyncpg.Pool] = []

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(
            os.environ["BENCH_CEILING_DSN"],
            min_size=2,
            max_size=10,
            server_settings={"search_path": os.environ["BENCH_CEILING_SCHEMA"]},
        )
        pools.append(pool)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/backlog/{product_id}")
    async def backlog(product_id: str, first: int = 20) -> JSONResponse:
        rows = await pools[0].fetch(PAGE, product_id, first)
        edges = [{"node": dict(row)} for row in rows]
        return JSONResponse({"data": {"product": {"backlog": {"edges": edges}}}})

    @app.get("/readyz")
    async def ready() -> JSONResponse:
        return JSONResponse({"ready": True})

    return app
