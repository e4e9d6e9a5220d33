"""PostgreSQL serves tokens from a cache; a rotation or a deactivation recorded by
another process reaches it through the event store's NOTIFY, long before the cache's
own expiry."""

from __future__ import annotations

import asyncio
import time

import anyio.to_thread
import pytest

from api.composition import build
from domain.actor import Actor
from domain.commands import DeactivateMember, RegisterMember, RotateToken
from domain.commands.people import MemberCommand
from tests.api.harness import Api, gather_crew, running, settings_for
from tests.api.test_query_count import heard_everything
from tests.backends import postgres_schema

pytestmark = pytest.mark.postgres
VIEWER = "{ viewer { name } }"
PRIORITIZE = "mutation($i: PrioritizeItemInput!) { prioritizeItem(input: $i) { item { rank } } }"


async def refused_within(api: Api, token: str, seconds: float) -> float:
    """Seconds until `token` is refused, waiting on the cache's reads of the store. The
    read to wait for is taken before each request: one that ends while the request runs
    (after its answer came from the cache) then wakes the loop instead of being missed."""
    tokens = api.services.tokens
    assert tokens is not None
    started = time.monotonic()
    while True:
        read = tokens.next_read
        if (await api.post(VIEWER, as_=token)).code == "UNAUTHENTICATED":
            return time.monotonic() - started
        left = seconds - (time.monotonic() - started)
        assert left > 0, "the old token is still accepted"
        await asyncio.wait_for(read.wait(), left)


async def answered_from_the_cache(api: Api, token: str, name: str) -> None:
    """`token` names `name`, and once read it is not checked against the store again."""
    tokens = api.services.tokens
    assert tokens is not None
    assert (await api.ok(VIEWER, as_=token))["viewer"] == {"name": name}
    checks = tokens.checks
    assert (await api.ok(VIEWER, as_=token))["viewer"] == {"name": name}
    assert tokens.checks == checks, "a cached token was checked again"


async def decided_elsewhere(url: str, decision: MemberCommand) -> None:
    """The administrator takes `decision` in another process's app on the same store."""
    other = await anyio.to_thread.run_sync(build, settings_for(url))
    try:
        await anyio.to_thread.run_sync(other.app.decide, Actor.admin(), decision)
    finally:
        other.close()


@pytest.mark.parametrize(
    "command",
    [RotateToken, lambda member_id: DeactivateMember(member_id=member_id, rationale="left")],
    ids=["rotated", "deactivated"],
)
async def test_another_process_revoking_a_token_empties_the_cache(command: type) -> None:
    with postgres_schema() as url:
        async with running(url) as api:
            tokens = api.services.tokens
            assert tokens is not None
            tokens.ttl = 600.0  # only a notification can make it forget
            await asyncio.wait_for(tokens.up.wait(), 5)
            rita = api.tandem.decide(
                Actor.admin(), RegisterMember(name="Rita", email="rita@tandem.example")
            )
            assert rita.token is not None and rita.member_id is not None
            await api.settled()
            await heard_everything(api, tokens)  # Rita's registration forgets her
            await answered_from_the_cache(api, rita.token, "Rita")
            await decided_elsewhere(url, command(member_id=rita.member_id))
            assert await refused_within(api, rita.token, 5.0) < 5.0


async def test_a_save_here_forgets_only_the_members_it_recorded() -> None:
    """The cache is deaf to notifications here: only this process's saves make it
    forget. A product decision forgets nobody; a rotation refuses the old token on the
    very next request."""
    with postgres_schema() as url:
        async with running(url) as api:
            tokens = api.services.tokens
            assert tokens is not None
            tokens.ttl = 600.0
            await gather_crew(api)
            await heard_everything(api, tokens)
            tokens.changes = lambda position: (position or 0, ())
            ana = api.tokens["Ana"]
            assert ana is not None
            await answered_from_the_cache(api, ana, "Ana")
            moved = await api.ok(
                PRIORITIZE,
                {"i": {"itemId": api.ids["Apple Pay"], "rank": 1, "rationale": "Asked"}},
                as_="Ana",
            )
            assert moved["prioritizeItem"]["item"] == {"rank": 1}
            checks = tokens.checks
            assert (await api.ok(VIEWER, as_="Ana"))["viewer"] == {"name": "Ana"}
            assert tokens.checks == checks, "a product decision made the cache forget Ana"
            api.tandem.decide(api.actor("Ana"), RotateToken(member_id=api.ids["Ana"]))
            assert (await api.post(VIEWER, as_=ana)).code == "UNAUTHENTICATED"
