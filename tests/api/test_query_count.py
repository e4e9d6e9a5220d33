"""N+1: the statements a deep backlog query runs do not grow with the number of items;
and a page of the backlog costs one read transaction, with no trip for the token."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
import psycopg
import pytest
from psycopg import sql

from api.graphql.token_cache import TokenCache
from domain.actor import Actor
from domain.commands import (
    AssignEngineer,
    CreateProduct,
    EstimateItem,
    GrantRole,
    ProposeItem,
    RegisterMember,
)
from domain.vocabulary import Role
from tests.api.harness import Api, running
from tests.backends import DURABLE_BACKENDS, database_url

DEEP = """query($p: ID!) { product(id: $p) {
  name members { role member { name } } goals { title }
  backlog(first: 500) { totalCount edges { node {
    id title rank status estimate acceptanceCriteria
    assignments { percent member { id name } }
    history { type summary role actor { name } } } } }
  allocation { members { member { name } allocatedPercent items { title assignments {
    member { name } } } } }
  decisions(first: 500) { edges { node { summary actor { name } } } } } }"""


def staffed_product(api: Api, name: str, items: int) -> str:
    """A product whose every item has an estimate, an engineer and so a history."""
    tandem, admin = api.tandem, Actor.admin()
    people = {}
    for n in ("Ana", "Ben", "Cleo", "Dev", "Emeka"):
        registered = tandem.decide(
            admin, RegisterMember(name=n, email=f"{n.lower()}.{name}@tandem.example")
        )
        people[n], api.tokens[n] = registered.member_id, registered.token
    product = tandem.decide(admin, CreateProduct(name=name, vision="Pay in one minute")).product_id
    for person, role in (
        ("Ana", Role.PRODUCT_OWNER),
        ("Ben", Role.ENGINEERING_MANAGER),
        ("Cleo", Role.ENGINEER),
        ("Dev", Role.ENGINEER),
        ("Emeka", Role.ENGINEER),
    ):
        tandem.decide(admin, GrantRole(product_id=product, member_id=people[person], role=role))
    ana, ben = Actor.member(people["Ana"]), Actor.member(people["Ben"])
    engineers = [people["Cleo"], people["Dev"], people["Emeka"]]
    for n in range(items):
        item = str(tandem.decide(ana, ProposeItem(product_id=product, title=f"Story {n}")).item_id)
        tandem.decide(ben, EstimateItem(item_id=item, points=1 + n % 8))
        tandem.decide(ben, AssignEngineer(item_id=item, member_id=engineers[n % 3], percent=10))
    return product


@asynccontextmanager
async def staffed(backend: str, *sizes: int) -> AsyncIterator[tuple[Api, list[str]]]:
    """The app on `backend` with a staffed product of each size, its views settled; no
    answer is kept (tests/api/test_response_cache.py counts a kept one's reads)."""
    with database_url(backend) as url:
        async with running(url, response_cache=0) as api:
            products = [
                await anyio.to_thread.run_sync(staffed_product, api, f"Product{size}", size)
                for size in sizes
            ]
            await api.settled()
            yield api, products


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_a_200_item_backlog_reads_in_as_many_queries_as_a_20_item_one(
    backend: str,
) -> None:
    async with staffed(backend, 20, 200) as (api, products):
        counts: dict[int, set[int]] = {}
        for product, size in zip(products, (20, 200), strict=True):
            for _ in range(2):
                before = api.services.reader.queries
                data = await api.ok(DEEP, {"p": product})
                counts.setdefault(size, set()).add(api.services.reader.queries - before)
            edges = data["product"]["backlog"]["edges"]
            assert len(edges) == size
            assert all(len(e["node"]["history"]) == 3 for e in edges)
            assert edges[-1]["node"]["assignments"][0]["member"]["name"]
        assert counts[200] == counts[20] and len(counts[20]) == 1, counts
        assert counts[20].pop() <= 15


SMALL = """query($p: ID!) { product(id: $p) { backlog(first: 20) { edges { node {
  id title status rank estimate } } } } }"""
ROUND_TRIPS = {"sqlite": 2, "postgres": 4}
"""backlog(first 20) as a member: the viewer's roles with their products' rows, and the
page with its ranks and the backlog's length; on PostgreSQL also the snapshot's BEGIN
and ROLLBACK (was 11 transactions, then 6 round trips)."""


async def heard_everything(api: Api, tokens: TokenCache) -> None:
    """Waits until the token cache has read the decisions recorded so far (NOTIFYs
    arrive in order: once it reads after one sent now). A polled cache (SQLite) reads
    them before each use."""
    if tokens.polled:
        return
    await asyncio.wait_for(tokens.up.wait(), 5)
    read = tokens.next_read
    channel = api.tandem.recorder.channel_name  # type: ignore[attr-defined]
    store = api.container.settings.store
    with psycopg.connect(store.dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("NOTIFY {}").format(sql.Identifier(channel)))
    await asyncio.wait_for(read.wait(), 5)


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_a_backlog_page_costs_one_read_transaction_and_no_token_check(
    backend: str,
) -> None:
    async with staffed(backend, 20) as (api, [product]):
        tokens = api.services.tokens
        if tokens is not None:
            await heard_everything(api, tokens)
        await api.ok(SMALL, {"p": product}, as_="Ana")
        reader, checks = api.services.reader, tokens.checks if tokens else 0
        before = reader.round_trips
        data = await api.ok(SMALL, {"p": product}, as_="Ana")
        assert len(data["product"]["backlog"]["edges"]) == 20
        assert reader.round_trips - before == ROUND_TRIPS[backend]
        if tokens is not None:
            assert tokens.checks == checks, "the token was checked against the store"
