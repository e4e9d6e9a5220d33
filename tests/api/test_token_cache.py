"""The token cache on its own: a save forgets exactly its members' tokens, and a full
cache starts afresh. The store's check is a table of current tokens here; the tests
against real stores (test_query_count, the rotation tests) cover how it follows them."""

from __future__ import annotations

from collections.abc import Collection

import pytest

from api.graphql import token_cache
from api.graphql.token_cache import TokenCache

TOKENS = {"ana-1": "ana", "ana-2": "ana", "ben-1": "ben"}


def unchanged(position: int | None) -> tuple[int, Collection[str]]:
    return 0, ()


def cache(tokens: dict[str, str]) -> TokenCache:
    return TokenCache(tokens.get, unchanged, polled=True)


async def checks_for(tokens: TokenCache, *names: str) -> int:
    """How many of `names` the cache had to check against the store."""
    before = tokens.checks
    for name in names:
        assert await tokens.member_for(name) == TOKENS.get(name)
    return tokens.checks - before


async def test_forgetting_a_member_forgets_their_tokens_and_no_one_elses() -> None:
    tokens = cache(TOKENS)
    assert await checks_for(tokens, "ana-1", "ana-2", "ben-1") == 3
    assert await checks_for(tokens, "ana-1", "ana-2", "ben-1") == 0

    tokens.forget({"ana"})

    assert await checks_for(tokens, "ben-1") == 0
    assert await checks_for(tokens, "ana-1", "ana-2") == 2
    assert await checks_for(tokens, "ana-1", "ana-2") == 0


async def test_a_rotated_token_is_not_answered_from_the_cache() -> None:
    current = dict(TOKENS)
    tokens = cache(current)
    assert await tokens.member_for("ana-1") == "ana"

    del current["ana-1"]  # rotated: the store no longer knows it
    tokens.forget({"ana"})

    assert await tokens.member_for("ana-1") is None


async def test_a_full_cache_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_cache, "MAX_ENTRIES", 2)
    tokens = cache(TOKENS)
    assert await checks_for(tokens, "ana-1", "ben-1") == 2

    assert await checks_for(tokens, "ana-2") == 1  # the third: the first two go

    assert await checks_for(tokens, "ana-2") == 0
    assert await checks_for(tokens, "ben-1") == 1
    tokens.forget({"ben"})
    assert await checks_for(tokens, "ana-2") == 0
    assert await checks_for(tokens, "ben-1", "ana-1") == 2
