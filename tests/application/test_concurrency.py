"""Two deciders at once on one backlog, on SQLite and PostgreSQL: two threads sharing a
ledger (the API's thread pool), two threads with a ledger each, and two spawned
processes each building its own ledger on the same URL (two servers)."""

from __future__ import annotations

import multiprocessing
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from domain.application import Tandem
from tests.application import workers
from tests.backends import DURABLE_BACKENDS, database_url
from tests.given import Team, open_ledger, recorded_types

THREAD_MODES = ["threads-sharing-a-ledger", "threads-with-a-ledger-each"]
RESULT_TIMEOUT = 60.0
TITLES = ("SSO login", "Dark mode", "CSV export", "Audit log", "Passkeys")


def run_pair(
    mode: str,
    url: str,
    shared: Tandem | None,
    target: Callable[..., None],
    *per_decider: tuple[Any, ...],
) -> list[Any]:
    """Starts the deciders together, returns what each reports; fails if any failed."""
    if mode == "processes":
        ctx = multiprocessing.get_context("spawn")
        barrier: Any = ctx.Barrier(len(per_decider))
        results: Any = ctx.Queue()
        deciders: list[Any] = [
            ctx.Process(target=target, args=(url, *args, barrier, results)) for args in per_decider
        ]
    else:
        barrier, results = threading.Barrier(len(per_decider)), queue.Queue()
        ledger = shared if mode == "threads-sharing-a-ledger" else url
        deciders = [
            threading.Thread(target=target, args=(ledger, *args, barrier, results))
            for args in per_decider
        ]
    for decider in deciders:
        decider.start()
    reports = [results.get(timeout=RESULT_TIMEOUT) for _ in deciders]
    for decider in deciders:
        decider.join(RESULT_TIMEOUT)
    errors = [detail for status, detail in reports if status == "error"]
    assert not errors, f"a decider failed: {errors}"
    return [detail for _, detail in reports]


class Backlog:
    """Given a team and five items on a durable store; then, what a new server reads."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.app = open_ledger(url)
        self.team = Team.gather(self.app)
        self.items = self.team.propose(*TITLES)
        self.first_version = self.team.product.backlog_version
        self.ana = self.team.ana.member_id or ""

    def race_plan(self, who: int, rounds: int) -> workers.Plan:
        n = len(self.items)
        return [(self.items[(r + who) % n], (3 * r + who) % n + 1) for r in range(rounds)]

    def free_plan(self, who: int, each: int) -> workers.Plan:
        n = len(self.items)
        return [(self.items[(2 * r + who) % n], (r + who) % n + 1) for r in range(each)]

    def then(self) -> tuple[Any, dict[str, int]]:
        checker = open_ledger(self.url)
        try:
            product = checker.product(self.team.product_id)
            # Nothing lost or duplicated: versions 1..n with no gap, one event each,
            # and the backlog order is a permutation of the live items.
            versions = [
                e.originator_version for e in checker.events.get(uuid.UUID(str(product.id)))
            ]
            assert versions == list(range(1, product.version + 1))
            assert sorted(product.order) == sorted(product.items)
            return product, dict(recorded_types(checker))
        finally:
            checker.close()


@pytest.fixture
def backlog(durable_url: str) -> Iterator[Backlog]:
    given = Backlog(durable_url)
    yield given
    given.app.close()


@pytest.mark.parametrize("mode", THREAD_MODES)
def test_exactly_one_decider_wins_each_backlog_version(backlog: Backlog, mode: str) -> None:
    rounds = 12
    won = run_pair(
        mode,
        backlog.url,
        backlog.app,
        workers.race_for_versions,
        *[(backlog.ana, backlog.race_plan(who, rounds), backlog.first_version) for who in (0, 1)],
    )
    assert sorted(won[0] + won[1]) == list(range(rounds)), "each round has exactly one winner"
    product, counts = backlog.then()
    assert counts["ItemPrioritized"] == rounds
    assert product.backlog_version == backlog.first_version + rounds


@pytest.mark.parametrize("mode", THREAD_MODES)
def test_decisions_at_once_without_expected_versions_are_all_recorded(
    backlog: Backlog, mode: str
) -> None:
    each = 12
    done = run_pair(
        mode,
        backlog.url,
        backlog.app,
        workers.prioritize_freely,
        *[(backlog.ana, backlog.free_plan(who, each)) for who in (0, 1)],
    )
    assert done == [each, each]
    product, counts = backlog.then()
    assert counts["ItemPrioritized"] == 2 * each
    assert product.backlog_version == backlog.first_version + 2 * each


@pytest.mark.parametrize("mode", THREAD_MODES)
def test_an_idempotency_key_sent_twice_at_once_records_once(backlog: Backlog, mode: str) -> None:
    keys = [f"idea-{r}" for r in range(8)]
    outcomes = run_pair(
        mode,
        backlog.url,
        backlog.app,
        workers.propose_with_keys,
        *[(backlog.ana, backlog.team.product_id, keys) for _ in (0, 1)],
    )
    assert outcomes[0] == outcomes[1], "both callers get the same outcome for each key"
    product, counts = backlog.then()
    assert (counts["ItemProposed"], counts["KeyUsed"]) == (len(TITLES) + len(keys), len(keys))
    assert [product.items[i].title for i in product.order][len(TITLES) :] == [
        f"Idea {r}" for r in range(len(keys))
    ]


def test_two_server_processes_deciding_at_once(backlog: Backlog) -> None:
    """The three races above, between two spawned processes with a ledger each."""
    rounds, each, keys = 12, 12, [f"idea-{r}" for r in range(8)]
    reports = run_pair(
        "processes",
        backlog.url,
        None,
        workers.every_race,
        *[
            (
                backlog.ana,
                backlog.team.product_id,
                backlog.race_plan(who, rounds),
                backlog.first_version,
                backlog.free_plan(who, each),
                keys,
            )
            for who in (0, 1)
        ],
    )
    first, second = reports
    assert sorted(first["won"] + second["won"]) == list(range(rounds)), "one winner per round"
    assert (first["free"], second["free"]) == (each, each)
    assert first["keyed"] == second["keyed"], "both callers get the same outcome for each key"
    product, counts = backlog.then()
    assert counts["ItemPrioritized"] == rounds + 2 * each
    assert (counts["ItemProposed"], counts["KeyUsed"]) == (len(TITLES) + len(keys), len(keys))
    assert product.backlog_version == backlog.first_version + rounds + 2 * each + len(keys)


@pytest.mark.parametrize("backend", DURABLE_BACKENDS)
def test_ledgers_starting_at_once_on_a_new_database_all_start(backend: str) -> None:
    # Every ledger prepares its store when it starts (tables; on SQLite, WAL mode),
    # and docker-compose starts two API replicas and a projector at once on an empty
    # database. A clash is a matter of timing, hence several new databases.
    for _ in range(6):
        with database_url(backend) as url:
            started = run_pair(
                "threads-with-a-ledger-each", url, None, workers.start_together, *[()] * 4
            )
            assert started == [True] * 4


def test_server_processes_starting_at_once_on_a_new_database_all_start(durable_url: str) -> None:
    assert run_pair("processes", durable_url, None, workers.start_together, (), ()) == [True] * 2
    checker = open_ledger(durable_url)
    try:
        Team.gather(checker)
    finally:
        checker.close()
