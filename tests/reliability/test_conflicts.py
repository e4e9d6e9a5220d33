"""Conflicting decisions through the API: rounds of 2, 10 and 50 concurrent
prioritizeItem calls by the Product Owner, all with the same expectedVersion, sent to
two API instances over one database (each with its own ledger and cache, as two
replicas are). Exactly one wins each round, every other one is a CONFLICT (never a
5xx, never anything else); acknowledged decisions = ItemPrioritized events in the
store = the backlogVersion's increase; the backlog is always a permutation of its items.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from eventsourcing.utils import get_topic

from domain.commands import ProposeItem
from domain.product_events import ItemPrioritized
from tests.api.documents import mutation
from tests.api.harness import Api, gather_crew, running
from tests.backends import DURABLE_BACKENDS, database_url
from tests.reliability.figures import record

PROMISE = "1. Concurrent decisions on one version: exactly one wins, the others CONFLICT"
TEST = "tests/reliability/test_conflicts.py"
PRIORITIZE = mutation("prioritizeItem")
BACKLOG = """query($id: ID!) { product(id: $id) { backlogVersion
  backlog(first: 500) { totalCount edges { node { id rank } } } } }"""
TITLES = ("SSO login", "Guest checkout", "Apple Pay", "Dark mode", "Passkeys", "CSV export")


@dataclass
class Tally:
    rounds: Counter[int] = field(default_factory=Counter)
    requests: int = 0
    wins: int = 0
    conflicts: int = 0
    statuses: Counter[int] = field(default_factory=Counter)


@asynccontextmanager
async def two_replicas(url: str) -> AsyncIterator[tuple[Api, Api]]:
    """A follows the log in-process; B leaves the views to A, as a second replica does."""
    async with running(url, poll_interval=0.02) as a, running(url, projections="worker") as b:
        await gather_crew(a)
        b.tokens, b.ids, b.product_id = a.tokens, a.ids, a.product_id
        for title in TITLES[3:]:
            outcome = a.tandem.decide(
                a.actor("Ana"), ProposeItem(product_id=a.product_id, title=title)
            )
            a.ids[title] = str(outcome.item_id)
        await a.settled()
        yield a, b


async def backlog(api: Api) -> tuple[int, list[str]]:
    product = (await api.ok(BACKLOG, {"id": api.product_id}, as_="Ana"))["product"]
    edges = product["backlog"]["edges"]
    assert [e["node"]["rank"] for e in edges] == list(range(1, len(edges) + 1))
    return product["backlogVersion"], [e["node"]["id"] for e in edges]


def prioritized_in_store(api: Api) -> int:
    topic = get_topic(ItemPrioritized)
    notifications = api.tandem.recorder.select_notifications(
        start=1, limit=1_000_000, topics=[topic]
    )
    return len(notifications)


async def one_round(apis: tuple[Api, Api], size: int, rng: random.Random, tally: Tally) -> None:
    a = apis[0]
    items = [a.ids[t] for t in TITLES]
    version, _ = await backlog(a)
    moves = [(rng.choice(items), rng.randint(1, len(items) + 1)) for _ in range(size)]

    async def prioritize(n: int, item: str, rank: int) -> Any:
        fields = {"itemId": item, "rank": rank, "rationale": f"round move {n}"}
        return await apis[n % 2].post(
            PRIORITIZE, {"input": {**fields, "expectedVersion": version}}, as_="Ana"
        )

    replies = await asyncio.gather(*(prioritize(n, *move) for n, move in enumerate(moves)))

    tally.statuses.update(r.status for r in replies)
    assert all(r.status == 200 for r in replies), [r.text for r in replies if r.status != 200]
    winners = [(n, r) for n, r in enumerate(replies) if not r.errors]
    codes = Counter(r.code for r in replies if r.errors)
    assert len(winners) == 1, (len(winners), codes)
    assert codes == Counter({"CONFLICT": size - 1}), codes
    winner, won = winners[0]
    item, rank = moves[winner]
    payload = won.data["prioritizeItem"]
    assert payload["decision"]["type"] == "ItemPrioritized"
    assert payload["item"]["id"] == item
    after, order = await backlog(apis[rng.randrange(2)])
    assert after == version + 1
    assert sorted(order) == sorted(items)  # a permutation: nothing lost, nothing twice
    assert order.index(item) + 1 == min(rank, len(items))
    tally.rounds[size] += 1
    tally.requests += size
    tally.wins += 1
    tally.conflicts += size - 1


async def run_rounds(backend: str, plan: dict[int, int], seed: int, name: str) -> None:
    rng = random.Random(seed)
    tally = Tally()
    with database_url(backend) as url:
        async with two_replicas(url) as apis:
            first_version, _ = await backlog(apis[0])
            already = prioritized_in_store(apis[0])
            schedule = [size for size, rounds in plan.items() for _ in range(rounds)]
            rng.shuffle(schedule)
            for size in schedule:
                await one_round(apis, size, rng, tally)
            final_version, _ = await backlog(apis[1])
            recorded = prioritized_in_store(apis[0]) - already

    assert tally.wins == recorded == final_version - first_version == len(schedule)
    record(
        PROMISE,
        name,
        backend,
        rounds_of_2=tally.rounds[2],
        rounds_of_10=tally.rounds[10],
        rounds_of_50=tally.rounds[50],
        requests=tally.requests,
        acknowledged=tally.wins,
        conflicts=tally.conflicts,
        events_recorded=recorded,
        backlog_version_delta=final_version - first_version,
        http_5xx=sum(n for status, n in tally.statuses.items() if status >= 500),
        other_errors=0,
    )


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_one_decision_wins_each_round_and_the_others_conflict(backend: str) -> None:
    await run_rounds(backend, {2: 5, 10: 3, 50: 2}, seed=7, name=TEST)


@pytest.mark.stress
@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
async def test_one_decision_wins_each_of_hundreds_of_rounds(backend: str) -> None:
    await run_rounds(backend, {2: 40, 10: 15, 50: 6}, seed=77, name=TEST + " (stress)")
