"""Deciders run by the concurrency tests, in a thread or in a spawned process.

Each receives either the database URL (and opens its own ledger, as another
server process would) or a ledger shared with its sibling (as the API's thread
pool shares one), a barrier to start each round together, and a queue for its
report. Module-level functions, so a spawned process can import them.
"""

from __future__ import annotations

import threading
from typing import Any

from domain.actor import Actor
from domain.application import Tandem
from domain.errors import Conflict
from tests.given import open_ledger

BARRIER_TIMEOUT = 30.0


def _decide(ledger: str | Tandem, results: Any, barrier: Any, rounds: Any) -> None:
    app = None
    try:
        app = open_ledger(ledger) if isinstance(ledger, str) else ledger
        results.put(("ok", rounds(app)))
    except BaseException as error:
        barrier.abort()  # don't leave the sibling waiting for a round that never comes
        results.put(("error", repr(error)))
    finally:
        if isinstance(ledger, str) and app is not None:
            app.close()


def start_together(url: str, barrier: threading.Barrier, results: Any) -> None:
    """Opens a ledger on `url` at the same moment as its siblings (servers starting)."""
    _decide(url, results, barrier, lambda app: barrier.wait(BARRIER_TIMEOUT) is not None)


def race_for_versions(
    ledger: str | Tandem,
    ana_id: str,
    plan: list[tuple[str, int]],
    first_version: int,
    barrier: threading.Barrier,
    results: Any,
) -> None:
    """Round r: prioritize plan[r] expecting backlog version first_version + r;
    reports the rounds won (a Conflict is a round lost)."""

    def rounds(app: Tandem) -> list[int]:
        won = []
        for r, (item_id, rank) in enumerate(plan):
            barrier.wait(BARRIER_TIMEOUT)
            try:
                app.prioritize_item(
                    Actor.member(ana_id), item_id, rank, f"Round {r}", first_version + r
                )
                won.append(r)
            except Conflict:
                pass
        return won

    _decide(ledger, results, barrier, rounds)


def prioritize_freely(
    ledger: str | Tandem,
    ana_id: str,
    plan: list[tuple[str, int]],
    barrier: threading.Barrier,
    results: Any,
) -> None:
    """Prioritizes without an expected version: every decision must be recorded."""

    def rounds(app: Tandem) -> int:
        barrier.wait(BARRIER_TIMEOUT)
        for item_id, rank in plan:
            app.prioritize_item(Actor.member(ana_id), item_id, rank, "Free for all")
        return len(plan)

    _decide(ledger, results, barrier, rounds)


def propose_with_keys(
    ledger: str | Tandem,
    ana_id: str,
    product_id: str,
    keys: list[str],
    barrier: threading.Barrier,
    results: Any,
) -> None:
    """Round r: Ana proposes "Idea r" with idempotency key keys[r]; reports the outcomes."""

    def rounds(app: Tandem) -> list[tuple[str | None, int | None]]:
        outcomes = []
        for r, key in enumerate(keys):
            barrier.wait(BARRIER_TIMEOUT)
            outcome = app.propose_item(Actor.member(ana_id), product_id, f"Idea {r}", key=key)
            outcomes.append((outcome.item_id, outcome.version))
        return outcomes

    _decide(ledger, results, barrier, rounds)
