"""A query's reads share one snapshot: a write committed between two of its reads is
not seen by the second, and is seen by the next query; reads outside a snapshot (a
mutation's) see every commit at once."""

from __future__ import annotations

import asyncio
import contextvars

import anyio.to_thread
import pytest

from api.composition import Container
from projections.engine.read_session import SESSION
from projections.reader import ViewReader
from tests.api.harness import running
from tests.backends import DURABLE_BACKENDS, database_url

COUNT = "SELECT COUNT(*) FROM read_session_probe"


def write_one(container: Container) -> None:
    with container.projections.store.transaction() as tx:
        tx.execute("INSERT INTO read_session_probe VALUES (1)")


async def count(reader: ViewReader) -> int:
    return int((await reader.driver.fetch(COUNT))[0][0])


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_reads_in_a_snapshot_do_not_see_a_later_commit(backend: str) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            api.container.projections.store.create_tables(
                ["CREATE TABLE IF NOT EXISTS read_session_probe (n INTEGER)"]
            )
            reader = api.services.reader
            async with reader.snapshot():
                assert await count(reader) == 0
                await anyio.to_thread.run_sync(write_one, api.container)
                assert await count(reader) == 0, "the snapshot moved within one query"
            assert await count(reader) == 1
            await anyio.to_thread.run_sync(write_one, api.container)
            assert await count(reader) == 2


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_a_read_left_running_after_its_query_opens_no_transaction(backend: str) -> None:
    with database_url(backend) as url:
        async with running(url) as api:
            reader = api.services.reader
            async with reader.snapshot():
                assert await reader.driver.fetch("SELECT 1") == [(1,)]
                inside = contextvars.copy_context()  # as a DataLoader task has it
            found = inside[SESSION]
            assert found is not None
            session = found[1]
            stray = reader.driver.fetch("SELECT 2")
            assert await asyncio.get_running_loop().create_task(stray, context=inside) == [(2,)]
            assert session.closed
            assert getattr(session, "connection", None) is None, "a transaction left open"
