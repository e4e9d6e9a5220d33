"""Deciders run by the concurrency tests, in a thread or in a spawned process.

Each receives either the database URL (and opens its own ledger, as another
server process would) or a ledger shared with its sibling (as the API's thread
pool shares one), a barrier to start each round together, and a queue for its
report. Module-level functions that import neither pytest nor the test helpers,
so a spawned process starts quickly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import PrioritizeItem, ProposeItem
from domain.errors import Conflict
from domain.persistence.store_url import StoreUrl

BARRIER_TIMEOUT = 30.0
Plan = list[tuple[str, int]]  # (item id, target rank) per round


def _report(
    ledger: str | Tandem, barrier: Any, results: Any, work: Callable[[Tandem], Any]
) -> None:
    app = None
    try:
        app = ledger if isinstance(ledger, Tandem) else Tandem(StoreUrl.parse(ledger).library_env())
        results.put(("ok", work(app)))
    except BaseException as error:
        barrier.abort()  # don't leave the sibling waiting for a round that never comes
        results.put(("error", repr(error)))
    finally:
        if app is not None and not isinstance(ledger, Tandem):
            app.close()


# -- rounds ------------------------------------------------------------------


def race_rounds(
    app: Tandem, ana_id: str, plan: Plan, first_version: int, barrier: Any
) -> list[int]:
    """Round r: prioritize plan[r] expecting backlog version first_version + r;
    returns the rounds won (a Conflict is a round lost)."""
    won = []
    for r, (item_id, rank) in enumerate(plan):
        barrier.wait(BARRIER_TIMEOUT)
        try:
            app.decide(
                Actor.member(ana_id),
                PrioritizeItem(
                    item_id=item_id,
                    rank=rank,
                    rationale=f"Round {r}",
                    expected_version=first_version + r,
                ),
            )
            won.append(r)
        except Conflict:
            pass
    return won


def free_rounds(app: Tandem, ana_id: str, plan: Plan, barrier: Any) -> int:
    """Prioritizes without an expected version: every decision must be recorded."""
    barrier.wait(BARRIER_TIMEOUT)
    for item_id, rank in plan:
        app.decide(
            Actor.member(ana_id),
            PrioritizeItem(item_id=item_id, rank=rank, rationale="Free for all"),
        )
    return len(plan)


def keyed_rounds(
    app: Tandem, ana_id: str, product_id: str, keys: list[str], barrier: Any
) -> list[tuple[str | None, int | None]]:
    """Round r: Ana proposes "Idea r" with idempotency key keys[r]; returns the outcomes."""
    outcomes = []
    for r, key in enumerate(keys):
        barrier.wait(BARRIER_TIMEOUT)
        outcome = app.decide(
            Actor.member(ana_id),
            ProposeItem(product_id=product_id, title=f"Idea {r}"),
            idempotency_key=key,
        )
        outcomes.append((outcome.item_id, outcome.version))
    return outcomes


# -- entry points ------------------------------------------------------------


def race_for_versions(
    ledger: str | Tandem,
    ana_id: str,
    plan: Plan,
    first_version: int,
    barrier: threading.Barrier,
    results: Any,
) -> None:
    _report(
        ledger, barrier, results, lambda a: race_rounds(a, ana_id, plan, first_version, barrier)
    )


def prioritize_freely(
    ledger: str | Tandem, ana_id: str, plan: Plan, barrier: threading.Barrier, results: Any
) -> None:
    _report(ledger, barrier, results, lambda a: free_rounds(a, ana_id, plan, barrier))


def propose_with_keys(
    ledger: str | Tandem,
    ana_id: str,
    product_id: str,
    keys: list[str],
    barrier: threading.Barrier,
    results: Any,
) -> None:
    _report(ledger, barrier, results, lambda a: keyed_rounds(a, ana_id, product_id, keys, barrier))


def every_race(
    ledger: str | Tandem,
    ana_id: str,
    product_id: str,
    race_plan: Plan,
    first_version: int,
    free_plan: Plan,
    keys: list[str],
    barrier: Any,
    results: Any,
) -> None:
    """The three races in turn, so that a pair of spawned processes is started once."""

    def work(app: Tandem) -> dict[str, Any]:
        return {
            "won": race_rounds(app, ana_id, race_plan, first_version, barrier),
            "free": free_rounds(app, ana_id, free_plan, barrier),
            "keyed": keyed_rounds(app, ana_id, product_id, keys, barrier),
        }

    _report(ledger, barrier, results, work)


def start_together(url: str, barrier: Any, results: Any) -> None:
    """Opens a ledger on `url` at the same moment as its sibling (servers starting)."""
    try:
        barrier.wait(BARRIER_TIMEOUT)
    except BaseException as error:
        results.put(("error", repr(error)))
        return
    _report(url, barrier, results, lambda app: True)
