"""SQLite serves tokens from a cache too, and has no NOTIFY: the cache reads the
store's head before it trusts an entry, so a revocation recorded by another process
refuses the old token on the very next request, with no wait at all."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from domain.actor import Actor
from domain.commands import DeactivateMember, RegisterMember, RotateToken
from tests.api.harness import running
from tests.people.test_token_cache import answered_from_the_cache, decided_elsewhere

VIEWER = "{ viewer { name } }"


@pytest.mark.parametrize(
    "command",
    [RotateToken, lambda member_id: DeactivateMember(member_id=member_id, rationale="left")],
    ids=["rotated", "deactivated"],
)
async def test_another_process_revoking_a_token_is_seen_by_the_next_request(
    command: type,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'tandem.db'}"
        async with running(url) as api:
            tokens = api.services.tokens
            assert tokens is not None and tokens.polled
            tokens.ttl = 600.0  # only the store's head can make it forget
            admin = Actor.admin()
            rita = api.tandem.decide(admin, RegisterMember(name="Rita", email="r@tandem.example"))
            sam = api.tandem.decide(admin, RegisterMember(name="Sam", email="s@tandem.example"))
            assert rita.token and rita.member_id and sam.token and sam.member_id
            await api.settled()
            await answered_from_the_cache(api, rita.token, "Rita")
            await answered_from_the_cache(api, sam.token, "Sam")
            await decided_elsewhere(url, command(member_id=rita.member_id))
            assert (await api.post(VIEWER, as_=rita.token)).code == "UNAUTHENTICATED"
            checks = tokens.checks
            assert (await api.ok(VIEWER, as_=sam.token))["viewer"] == {"name": "Sam"}
            assert tokens.checks == checks, "a member the decision did not touch was forgotten"
