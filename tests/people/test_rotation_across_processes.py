"""Token rotation across two `tandem serve` processes on one PostgreSQL database: the
old token is refused by both, measured from the moment rotateToken answered."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.backends import postgres_schema
from tests.reliability.servers import processes, serve, started

pytestmark = pytest.mark.postgres
REGISTER = """mutation { registerMember(input: {name: "Rita", email: "rita@tandem.example"}) {
  member { id } token } }"""
ROTATE = "mutation($m: ID!) { rotateToken(input: {memberId: $m}) { token } }"
VIEWER = "{ viewer { name } }"
WITHIN = 5.0


async def test_a_rotated_token_is_refused_by_every_process_within_5_seconds(
    tmp_path: Path,
) -> None:
    with postgres_schema() as url, processes(tmp_path, url) as topology:
        first, second = serve(topology, "first"), serve(topology, "second")
        async with httpx.AsyncClient() as http:
            await started(topology, http, first, second)
            registered = (await first.ok(http, REGISTER))["registerMember"]
            old, member = registered["token"], registered["member"]["id"]
            for server in (first, second):  # both have the old token cached as valid
                assert (await server.ok(http, VIEWER, token=old))["viewer"] == {"name": "Rita"}
            new = (await first.ok(http, ROTATE, m=member))["rotateToken"]["token"]
            rotated = time.monotonic()
            delays = {}
            for name, server in (("second", second), ("first", first)):
                while (await server.post(http, VIEWER, token=old)).code != "UNAUTHENTICATED":
                    assert time.monotonic() - rotated < WITHIN, f"{name} still accepts it"
                delays[name] = time.monotonic() - rotated
            for server in (first, second):
                assert (await server.ok(http, VIEWER, token=new))["viewer"] == {"name": "Rita"}
    print(f"old token refused after: {delays}")
    assert max(delays.values()) < WITHIN
