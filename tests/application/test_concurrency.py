"""Two deciders at once on one backlog, on SQLite and PostgreSQL: in two threads sharing a
ledger (the API's thread pool), in two threads with a ledger each, and in two spawned
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
from domain.product import Product
from tests.application import workers
from tests.given import Team, open_ledger, recorded_types

MODES = ["threads-sharing-a-ledger", "threads-with-a-ledger-each", "processes"]
RESULT_TIMEOUT = 60.0


class Race:
    """Starts two deciders together and collects what each reports."""

    def __init__(self, mode: str, url: str, shared: Tandem) -> None:
        self.mode, self.url, self.shared = mode, url, shared

    def run(self, target: Callable[..., None], *per_decider: tuple[Any, ...]) -> list[Any]:
        if self.mode == "processes":
            ctx = multiprocessing.get_context("spawn")
            barrier: Any = ctx.Barrier(2)
            results: Any = ctx.Queue()
            deciders: list[Any] = [
                ctx.Process(target=target, args=(self.url, *args, barrier, results))
                for args in per_decider
            ]
        else:
            barrier, results = threading.Barrier(2), queue.Queue()
            ledger = self.shared if self.mode == "threads-sharing-a-ledger" else self.url
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


@pytest.fixture(params=MODES)
def race(request: pytest.FixtureRequest, durable_url: str) -> Iterator[tuple[Race, Team]]:
    app = open_ledger(durable_url)
    try:
        yield Race(request.param, durable_url, app), Team.gather(app)
    finally:
        app.close()


def fresh_product(race: Race, team: Team) -> tuple[Product, Tandem]:
    """The product as a newly started server reads it from the store."""
    checker = open_ledger(race.url)
    return checker.product(team.product_id), checker


def assert_intact(product: Product, checker: Tandem, item_ids: list[str]) -> None:
    """Nothing lost or duplicated: versions 1..n with no gap, and the backlog order
    is a permutation of the items."""
    versions = [e.originator_version for e in checker.events.get(uuid.UUID(str(product.id)))]
    assert versions == list(range(1, product.version + 1))
    assert sorted(product.order) == sorted(item_ids)


def test_exactly_one_decider_wins_each_backlog_version(race: tuple[Race, Team]) -> None:
    runner, team = race
    items = team.propose("SSO login", "Dark mode", "CSV export", "Audit log", "Passkeys")
    first_version = team.product.backlog_version
    rounds = 12
    plans = [
        [(items[(r + who) % len(items)], (3 * r + who) % len(items) + 1) for r in range(rounds)]
        for who in (0, 1)
    ]
    won = runner.run(
        workers.race_for_versions,
        (team.ana.member_id, plans[0], first_version),
        (team.ana.member_id, plans[1], first_version),
    )
    assert sorted(won[0] + won[1]) == list(range(rounds)), "each round has exactly one winner"
    product, checker = fresh_product(runner, team)
    try:
        assert recorded_types(checker)["ItemPrioritized"] == rounds
        assert product.backlog_version == first_version + rounds
        assert_intact(product, checker, items)
    finally:
        checker.close()


def test_decisions_made_at_once_without_expected_versions_are_all_recorded(
    race: tuple[Race, Team],
) -> None:
    runner, team = race
    items = team.propose("SSO login", "Dark mode", "CSV export", "Audit log", "Passkeys")
    first_version = team.product.backlog_version
    each = 12
    plans = [[(items[(r * 2 + who) % 5], (r + who) % 5 + 1) for r in range(each)] for who in (0, 1)]
    done = runner.run(
        workers.prioritize_freely, (team.ana.member_id, plans[0]), (team.ana.member_id, plans[1])
    )
    assert done == [each, each]
    product, checker = fresh_product(runner, team)
    try:
        assert recorded_types(checker)["ItemPrioritized"] == 2 * each
        assert product.backlog_version == first_version + 2 * each
        assert_intact(product, checker, items)
    finally:
        checker.close()


def test_an_idempotency_key_sent_twice_at_once_records_once(race: tuple[Race, Team]) -> None:
    runner, team = race
    keys = [f"idea-{r}" for r in range(8)]
    outcomes = runner.run(
        workers.propose_with_keys,
        (team.ana.member_id, team.product_id, keys),
        (team.ana.member_id, team.product_id, keys),
    )
    assert outcomes[0] == outcomes[1], "both callers get the same outcome for each key"
    product, checker = fresh_product(runner, team)
    try:
        counts = recorded_types(checker)
        assert (counts["ItemProposed"], counts["KeyUsed"]) == (len(keys), len(keys))
        assert [product.items[i].title for i in product.order] == [f"Idea {r}" for r in range(8)]
        assert_intact(product, checker, [item_id for item_id, _ in outcomes[0]])
    finally:
        checker.close()


@pytest.mark.parametrize("mode", ["threads-with-a-ledger-each", "processes"])
def test_servers_starting_at_once_on_a_new_database_all_start(durable_url: str, mode: str) -> None:
    # Every ledger creates the tables it needs when it starts (docker-compose starts
    # two API replicas and a projector at once on an empty database).
    runner = Race(mode, durable_url, shared=None)  # type: ignore[arg-type]
    assert runner.run(workers.start_together, (), ()) == [True, True]
    checker = open_ledger(durable_url)
    try:
        Team.gather(checker)
    finally:
        checker.close()
