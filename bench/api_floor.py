"""Floors of workload 9: the driver fetching a backlog's rows and orjson encoding
them (asyncpg on PostgreSQL, sqlite3 on SQLite), and the fetch of one precomputed
JSON document per backlog, which is what a precomputed hot path would cost."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import orjson

from bench.harness import Sampler
from bench.stores import postgres_dsn_schema, sqlite_path
from projections.backlog.queries import ITEM_COLUMNS

ROWS = f"SELECT {ITEM_COLUMNS} FROM backlog_items WHERE product_id = ? ORDER BY seq"
BLOB = "SELECT body FROM bench_blobs WHERE product_id = ?"


def timed(run: Callable[[], Any], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        run()
    return (time.perf_counter() - start) / count * 1e6


class Postgres:
    """One asyncpg connection on the workload's schema, on a private event loop."""

    def __init__(self, url: str) -> None:
        dsn, schema = postgres_dsn_schema(url)
        self.loop = asyncio.new_event_loop()
        self.conn = self.loop.run_until_complete(
            asyncpg.connect(dsn, server_settings={"search_path": schema})
        )

    def timed(self, run: Callable[[], Awaitable[Any]], count: int) -> float:
        async def many() -> float:
            start = time.perf_counter()
            for _ in range(count):
                await run()
            return (time.perf_counter() - start) / count * 1e6

        return self.loop.run_until_complete(many())


def floor_sampler(url: str, product: str, count: int) -> Sampler:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(sqlite_path(url))

        def fetch_encode() -> bytes:
            cursor = conn.execute(ROWS, (product,))
            names = [c[0] for c in cursor.description]
            return orjson.dumps([dict(zip(names, row, strict=True)) for row in cursor])

        return lambda: timed(fetch_encode, count)
    pg = Postgres(url)
    sql = ROWS.replace("?", "$1")

    async def fetch_encode_pg() -> bytes:
        return orjson.dumps([dict(row) for row in await pg.conn.fetch(sql, product)])

    return lambda: pg.timed(fetch_encode_pg, count)


def blob_sampler(url: str, product: str, body: bytes, count: int) -> Sampler:
    if url.startswith("sqlite"):
        conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_blobs (product_id TEXT PRIMARY KEY, body BLOB)"
        )
        conn.execute("INSERT OR REPLACE INTO bench_blobs VALUES (?, ?)", (product, body))
        return lambda: timed(lambda: conn.execute(BLOB, (product,)).fetchone(), count)
    pg = Postgres(url)
    pg.loop.run_until_complete(
        pg.conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_blobs (product_id text PRIMARY KEY, body bytea)"
        )
    )
    pg.loop.run_until_complete(
        pg.conn.execute("INSERT INTO bench_blobs VALUES ($1, $2)", product, body)
    )
    sql = BLOB.replace("?", "$1")
    return lambda: pg.timed(lambda: pg.conn.fetchval(sql, product), count)
