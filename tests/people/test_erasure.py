"""Erasure on both durable backends: a member with unique marker strings decides on
two products and has notes about them, then is forgotten. No marker is then found
in the database's files (SQLite: the file, its WAL and journal), in a pg_dump of the
schema, in any table (snapshots and tracking included), in the audit export or in the
server's log; and the audit chain still verifies."""

from __future__ import annotations

import logging
import os
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from projections.audit_chain.export import export_lines, render
from projections.audit_chain.verify import verify_all
from projections.members.freed_pages import erase_freed_pages
from tests.api.harness import Api, gather_crew, running
from tests.backends import DURABLE_BACKENDS, database_url
from tests.people.documents import RECORDS, decide
from tests.people.forgetting import MARKERS, quillon_decides_and_is_noted

READS = """query($id: ID!) { product(id: $id) { members { member { name email } }
  decisions(first: 100) { edges { node { summary actor { name } } } } } }"""


@pytest.fixture(params=DURABLE_BACKENDS)
async def durable(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Api, str]]:
    with database_url(request.param) as url:
        async with running(url) as api:
            yield await gather_crew(api), url


async def test_a_forgotten_members_data_is_found_nowhere(
    durable: tuple[Api, str], caplog: pytest.LogCaptureFixture
) -> None:
    api, url = durable
    caplog.set_level(logging.DEBUG)
    given = await quillon_decides_and_is_noted(api)
    for product_id in given.products:  # read as the Engineering Manager and the member
        await api.ok(RECORDS, {"id": product_id}, "Ben")
        await api.ok(READS, {"id": product_id}, given.token)
    assert any(m.encode() in b"".join(_places(api, url).values()) for m in MARKERS[2:])

    await decide(api, "forgetMember", "admin", memberId=given.member_id, rationale="Asked")
    # Other tests share this PostgreSQL server: a transaction of theirs that began before
    # the erasure keeps the old row versions until it ends (the mutation waits 10 s for
    # that, then says so in the log); clearing the freed space again is what follows.
    deadline = time.monotonic() + 60
    while not erase_freed_pages(api.tandem) and time.monotonic() < deadline:
        pass

    places = _places(api, url)
    places["server log"] = caplog.text.encode()
    places["audit export"] = "".join(
        render(export_lines(api.tandem, api.container.projections.store, p), "jsonl")
        for p in given.products
    ).encode()
    hits = [(m, where) for m in MARKERS for where, data in places.items() if m.encode() in data]
    print(f"erasure: {len(MARKERS)} markers, {len(places)} places searched, {len(hits)} hits")
    assert hits == [], sorted({w for _, w in hits})
    verified = verify_all(api.tandem, api.container.projections.store)
    assert set(given.products) <= set(verified) and all(v.ok for v in verified.values())


def _places(api: Api, url: str) -> dict[str, bytes]:
    """Every place the member's data could rest, by name."""
    places: dict[str, bytes] = {}
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        for suffix in ("", "-wal", "-journal", "-shm"):
            file = path.with_name(path.name + suffix)
            places[f"file {file.name}"] = file.read_bytes() if file.exists() else b""
        conn = psycopg_free_sqlite(path)
        places.update(conn)
    else:
        schema = url.rsplit("schema=", 1)[1]
        dump = subprocess.run(
            ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-n", schema, "test"],
            capture_output=True,
            check=True,
        )
        places["pg_dump"] = dump.stdout
        places.update(_postgres_tables(url.split("?")[0], schema))
        places.update(_postgres_files(url.split("?")[0], schema))
    return places


def psycopg_free_sqlite(path: Path) -> dict[str, bytes]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {f"table {n}": _rows(conn.execute(f'SELECT * FROM "{n}"')) for n in names}
    finally:
        conn.close()


def _postgres_tables(url: str, schema: str) -> dict[str, bytes]:
    with psycopg.connect(url) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            )
        ]
        return {f"table {n}": _rows(conn.execute(f'SELECT * FROM "{schema}"."{n}"')) for n in names}


def _postgres_files(url: str, schema: str) -> dict[str, bytes]:
    """The schema's table, index and TOAST files as the server holds them on disk, after
    a checkpoint (where this test may read the data directory: the same machine, root)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")
        root = Path(str(conn.execute("SHOW data_directory").fetchone()[0]))  # type: ignore[index]
        files = conn.execute(
            "SELECT c.relname, pg_relation_filepath(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
            "UNION ALL SELECT t.relname, pg_relation_filepath(t.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_class t ON t.oid = c.reltoastrelid WHERE n.nspname = %s",
            (schema, schema),
        ).fetchall()
    if not os.access(root, os.R_OK):
        return {}
    found = {}
    for name, relative in files:
        if relative is None:
            continue
        segments = sorted(root.glob(relative + "*"))
        found[f"file of {name}"] = b"".join(f.read_bytes() for f in segments if f.is_file())
    return found


def _rows(cursor: Any) -> bytes:
    return b"\n".join(_bytes(value) for row in cursor.fetchall() for value in row)


def _bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return str(value).encode()
