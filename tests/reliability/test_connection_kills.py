"""The database going away under load.

PostgreSQL: every connection of a real `tandem serve` process is terminated
(pg_terminate_backend) every 200 ms while clients send mutations, each with its own
idempotency key, retrying with the same key when told the error is retryable. The
server has a database of its own (created for the test), so the killer can take every
connection to it and nothing else. Every mutation that returned data has its event; no
decision is recorded twice; every error is a retryable UNAVAILABLE that comes within the
client's timeout; once the killing stops the server serves again without a restart.

SQLite: another process holds the write lock (BEGIN IMMEDIATE) for a few seconds.
Mutations wait for it; held briefly they then succeed, held longer than the store's lock
timeout they fail cleanly with a retryable UNAVAILABLE after a bounded time; the file
passes `PRAGMA integrity_check` and the views equal a rebuild afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
import pytest
from eventsourcing.utils import get_topic

from domain.idempotency import KeyUsed
from domain.product_events import DECISION_TYPES, ItemProposed
from tests.api.documents import mutation
from tests.backends import POSTGRES_URL, skip_without_postgres
from tests.given import open_ledger
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import container
from tests.reliability.figures import record
from tests.reliability.servers import Server, processes, serve, started

PROMISE = "5. Lost database connections: acknowledged means recorded, once; errors are retryable"
TEST = "tests/reliability/test_connection_kills.py"
REGISTER = "mutation($n: String!, $e: String!) { registerMember(input: {name: $n, email: $e}) { member { id } token } }"  # noqa: E501
BACKLOG = (
    "query($id: ID!) { product(id: $id) { backlogVersion backlog(first: 500) { totalCount } } }"
)
CLIENT_TIMEOUT = 30.0
KILL_EVERY = 0.2


@contextlib.contextmanager
def own_database() -> Iterator[str]:
    """A database for this test alone, dropped afterwards; yields its URL."""
    skip_without_postgres()
    name = "tandem_kill_" + uuid.uuid4().hex[:10]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(POSTGRES_URL)
    try:
        yield urlunsplit(parts._replace(path="/" + name, query=""))
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class Killer(threading.Thread):
    """Terminates every connection to the database every 200 ms, from a connection to
    another database."""

    def __init__(self, database: str) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.stopping = threading.Event()
        self.rounds = 0
        self.killed = 0

    def run(self) -> None:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            while not self.stopping.wait(KILL_EVERY):
                rows = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (self.database,),
                ).fetchall()
                self.rounds += 1
                self.killed += sum(1 for (done,) in rows if done)

    def stop(self) -> None:
        self.stopping.set()
        self.join(10)


@dataclass
class Tally:
    sent: int = 0
    acknowledged: dict[str, int] = field(default_factory=dict)
    """title -> the position the server acknowledged it at"""
    gave_up: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    """unkeyed mutations that got an error (recorded or not: the client cannot know)"""
    unkeyed: set[str] = field(default_factory=set)
    errors: Counter[str] = field(default_factory=Counter)
    attempts: int = 0
    slowest: float = 0.0


class Client:
    """Proposes items, each with its own key, retrying retryable errors with that key."""

    def __init__(self, server: Server, http: httpx.AsyncClient, token: str, product: str):
        self.server, self.http, self.token, self.product = server, http, token, product

    async def propose(self, title: str, tally: Tally, keyed: bool = True) -> None:
        """Keyed: retried on retryable errors. Unkeyed: sent once (a retry could record
        it twice), so only the server's own retries are at work."""
        document = mutation("proposeItem")
        fields = {"productId": self.product, "title": title}
        if keyed:
            fields["idempotencyKey"] = title
        tries = 8 if keyed else 1
        tally.sent += 1
        for attempt in range(tries):
            started_at = time.monotonic()
            try:
                reply = await self.server.post(
                    self.http, document, {"input": fields}, self.token, within=CLIENT_TIMEOUT
                )
            except httpx.TimeoutException:
                raise AssertionError(f"no answer within {CLIENT_TIMEOUT}s: a hang") from None
            tally.slowest = max(tally.slowest, time.monotonic() - started_at)
            tally.attempts += 1
            assert reply.status == 200, reply.body
            if not reply.errors:
                payload = reply.data["proposeItem"]
                assert payload["item"]["title"] == title
                tally.acknowledged[title] = payload["decision"]["position"]
                return
            tally.errors[str(reply.code)] += 1
            assert (reply.code, reply.retryable) == ("UNAVAILABLE", True), reply.body
            await asyncio.sleep(0.05 * (attempt + 1))
        (tally.gave_up if keyed else tally.unanswered).append(title)


async def setup(server: Server, http: httpx.AsyncClient, products: int = 1) -> tuple[str, str]:
    """Ana, Product Owner of "Checkout" (and of "Checkout 2".. when asked): her token
    and the products, comma-separated."""
    ana = (await server.ok(http, REGISTER, n="Ana", e="ana@tandem.example"))["registerMember"]
    ids = []
    for n in range(products):
        name = "Checkout" + (f" {n + 1}" if n else "")
        created = await server.ok(
            http, mutation("createProduct"), input={"name": name, "vision": "Pay fast"}
        )
        product = created["createProduct"]["product"]["id"]
        await server.ok(
            http,
            mutation("grantRole"),
            input={"productId": product, "memberId": ana["member"]["id"], "role": "PRODUCT_OWNER"},
        )
        ids.append(product)
    return ana["token"], ",".join(ids)


def stored(url: str) -> tuple[Counter[str], Counter[str], dict[int, str]]:
    """Topics in the store, proposal titles, and the title proposed at each position."""
    ledger = open_ledger(url)
    try:
        notifications = ledger.recorder.select_notifications(start=1, limit=1_000_000)
    finally:
        ledger.close()
    topics = Counter(n.topic for n in notifications)
    proposed = {
        n.id: json.loads(n.state)["title"]
        for n in notifications
        if n.topic == get_topic(ItemProposed)
    }
    return topics, Counter(proposed.values()), proposed


async def kill_connections(folder: Path, mutations: int, clients: int, name: str) -> None:
    rng = random.Random(mutations)
    with own_database() as url, processes(folder, url) as topology:
        database = urlsplit(url).path.lstrip("/")
        server = serve(topology, "api", TANDEM_READ_TIMEOUT="10")
        async with httpx.AsyncClient() as http:
            await started(topology, http, server)
            token, product = await setup(server, http)
            client = Client(server, http, token, product)
            tally = Tally()
            titles = iter(f"Item {n:05d} {rng.randrange(10**6)}" for n in range(mutations))

            async def keep_proposing() -> None:
                for title in titles:
                    keyed = rng.random() < 0.75
                    if not keyed:
                        tally.unkeyed.add(title)
                    await client.propose(title, tally, keyed)

            killer = Killer(database)
            killer.start()
            try:
                await asyncio.gather(*(keep_proposing() for _ in range(clients)))
            finally:
                killer.stop()

            # Recovered without a restart: a mutation and a query, first time.
            after = f"After the storm {rng.randrange(10**6)}"
            data = await server.ok(
                http,
                mutation("proposeItem"),
                token,
                input={"productId": product, "title": after, "idempotencyKey": after},
            )
            tally.acknowledged[after] = data["proposeItem"]["decision"]["position"]
            backlog = (await server.ok(http, BACKLOG, token, id=product))["product"]
        topics, titles_stored, at = stored(url)

    assert killer.killed > 0 and killer.rounds > 0
    duplicates = {t: n for t, n in titles_stored.items() if n > 1}
    assert duplicates == {}
    for title, position in tally.acknowledged.items():
        assert at.get(position) == title, (
            f"{title} acknowledged at {position}, stored {at.get(position)}"
        )
    unrecorded = [t for t in tally.gave_up + tally.unanswered if titles_stored[t] == 0]
    decisions = sum(n for t, n in topics.items() if t in {get_topic(d) for d in DECISION_TYPES})
    keyed_stored = sum(n for t, n in titles_stored.items() if t not in tally.unkeyed)
    assert topics[get_topic(KeyUsed)] == keyed_stored
    assert backlog["backlog"]["totalCount"] == sum(titles_stored.values())
    assert tally.slowest < CLIENT_TIMEOUT
    record(
        PROMISE,
        name,
        "postgres",
        mutations=mutations + 1,
        clients=clients,
        attempts=tally.attempts,
        acknowledged=len(tally.acknowledged),
        acknowledged_and_stored=len(tally.acknowledged),
        unkeyed_sent_once=len(tally.unkeyed),
        gave_up_or_unanswered=len(tally.gave_up) + len(tally.unanswered),
        of_which_recorded=len(tally.gave_up) + len(tally.unanswered) - len(unrecorded),
        kill_rounds=killer.rounds,
        connections_killed=killer.killed,
        retryable_errors=sum(tally.errors.values()),
        other_errors=0,
        duplicates=len(duplicates),
        slowest_answer_s=round(tally.slowest, 2),
        decision_events=decisions,
        recovered_without_restart=True,
    )


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.heavy
async def test_killed_connections_lose_and_double_nothing(tmp_path: Path) -> None:
    await kill_connections(tmp_path, mutations=150, clients=6, name=TEST)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.stress
@pytest.mark.timeout(600)
async def test_thousands_of_mutations_through_killed_connections(tmp_path: Path) -> None:
    await kill_connections(tmp_path, mutations=1500, clients=8, name=TEST + " (stress)")


# -- SQLite: another process holding the write lock ----------------------------------

LOCKER = (
    "import sqlite3, sys, time\n"
    "db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n"
    "db.execute('BEGIN IMMEDIATE')\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "db.execute('COMMIT')\n"
)
LOCK_TIMEOUT = 5.0  # SQLITE_LOCK_TIMEOUT (domain/store.py)
WORST_WAIT = 2 * LOCK_TIMEOUT + 2
"""A mutation waits for the process's one SQLite writer connection (LOCK_TIMEOUT at
most), then with it for the file's write lock (LOCK_TIMEOUT at most)."""
LONG_HOLD = WORST_WAIT + 1


@contextlib.contextmanager
def write_lock_held(path: Path, seconds: float) -> Iterator[float]:
    """Another process holds SQLite's write lock (BEGIN IMMEDIATE) for `seconds`;
    yields when it was taken."""
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert locker.stdout is not None
    assert locker.stdout.readline().strip() == "locked"
    try:
        yield time.monotonic()
    finally:
        assert locker.wait(seconds + 30) == 0


async def timed(client: Client, title: str, product: str | None = None) -> tuple[float, Any]:
    started_at = time.monotonic()
    fields = {"productId": product or client.product, "title": title, "idempotencyKey": title}
    reply = await client.server.post(
        client.http,
        mutation("proposeItem"),
        {"input": fields},
        client.token,
        within=CLIENT_TIMEOUT,
    )
    assert reply.status == 200, reply.body
    return time.monotonic() - started_at, reply


@pytest.mark.slow
async def test_a_held_sqlite_write_lock_delays_then_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "tandem.db"
    url = f"sqlite:///{path}"
    with processes(tmp_path, url) as topology:
        server = serve(topology, "api")
        async with httpx.AsyncClient() as http:
            await started(topology, http, server)
            token, products = await setup(server, http, products=4)
            product, *others = products.split(",")
            client = Client(server, http, token, product)

            # Held briefly: the mutations wait for it, then succeed.
            with write_lock_held(path, 2.0) as taken:
                brief = await asyncio.gather(*(timed(client, f"Brief {n}") for n in range(4)))
                held_for = time.monotonic() - taken
            assert all(not reply.errors for _, reply in brief), [r.body for _, r in brief]
            assert min(seconds for seconds, _ in brief) > 1.0  # they did wait

            # Held longer than the store waits: a clear, retryable error, in bounded time;
            # reads still served meanwhile. (One decision per product: decisions on one
            # product take turns, and the next would get the lock once released.)
            with write_lock_held(path, LONG_HOLD) as taken:
                long = await asyncio.gather(
                    *(timed(client, f"Long {n}", p) for n, p in enumerate([product, *others]))
                )
                read_while_locked = await server.ok(http, BACKLOG, token, id=product)
                failed_after = time.monotonic() - taken
            for seconds, reply in long:
                assert (reply.code, reply.retryable) == ("UNAVAILABLE", True), reply.body
                # "database is locked", or the in-process writer it waited for was held
                assert reply.errors[0]["message"].startswith("the event store is unavailable")
                assert LOCK_TIMEOUT - 1 < seconds < WORST_WAIT, seconds
            assert read_while_locked["product"]["backlog"]["totalCount"] == 4

            # Released: the same keys record each decision once; a query sees them all.
            for n, p in enumerate([product, *others]):
                seconds, reply = await timed(client, f"Long {n}", p)
                assert not reply.errors, reply.body
            backlog = (await server.ok(http, BACKLOG, token, id=product))["product"]

    topics, titles_stored, _ = stored(url)
    with sqlite3.connect(path) as db:
        (integrity,) = db.execute("PRAGMA integrity_check").fetchone()
    tandem = container(url)
    try:
        live = dump(tandem.projections.store)
        assert_same(live, rebuilt(tandem))
    finally:
        tandem.close()
    assert integrity == "ok"
    assert backlog["backlog"]["totalCount"] == 5  # 4 brief, 1 long; the others elsewhere
    assert set(titles_stored.values()) == {1} and len(titles_stored) == 8
    assert topics[get_topic(KeyUsed)] == 8
    record(
        PROMISE,
        TEST + " (SQLite write lock)",
        "sqlite",
        lock_held_briefly_s=round(held_for, 1),
        mutations_waited_then_succeeded=len(brief),
        lock_held_long_s=LONG_HOLD,
        mutations_failed_cleanly=len(long),
        failed_after_s=f"{min(s for s, _ in long):.1f}-{max(s for s, _ in long):.1f}",
        error="UNAVAILABLE, retryable: the event store is unavailable",
        reads_served_while_locked=True,
        retried_with_same_key_recorded_once=4,
        integrity_check=integrity,
        views_equal_rebuild=True,
        failed_within_s=round(failed_after, 1),
    )
