"""The small batches of several followers in one transaction, each in a savepoint of its
own: one commit (one round trip, one flush) where each follower used to commit alone.

A follower whose handler fails is rolled back to its savepoint and then isolated in
transactions of its own (runner.Fault), and one whose position another worker moved
(its tracking check fails) is realigned; the others commit. A store error fails the
whole transaction, and the conductor tries again."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, Notification, PersistenceError

from projections.engine.runner import Fault, Runner
from projections.engine.view_store import ViewStore

TOGETHER = 50
"""Batches of at most this many notifications go together (the usual case: a few new
events); longer ones, catching up, commit alone, so as not to hold SQLite's writer lock
for the length of every follower's batch."""
_INTEGRITY = (IntegrityError, sqlite3.IntegrityError, psycopg.errors.IntegrityError)
_STORE = (PersistenceError, sqlite3.Error, psycopg.Error)


def apply_together(store: ViewStore, work: Sequence[tuple[Runner, Sequence[Notification]]]) -> bool:
    """Applies each runner's batch; True when one stopped at a fault."""
    prepared: list[tuple[Runner, Sequence[Notification], list[Any]]] = []
    failing: list[tuple[Runner, Sequence[Notification]]] = []
    for runner, batch in work:
        try:
            prepared.append((runner, batch, runner.prepare(batch)))
        except _STORE:
            raise
        except Exception:
            failing.append((runner, batch))
    done: list[tuple[Runner, Sequence[Notification]]] = []
    moved: list[Runner] = []
    with store.transaction() as tx:
        for runner, batch, events in prepared:
            tx.execute("SAVEPOINT follower")
            try:
                runner.write(tx, batch, events, announce=False)
            except Exception as error:
                if isinstance(error, _STORE) and not isinstance(error, _INTEGRITY):
                    raise
                tx.execute("ROLLBACK TO SAVEPOINT follower")
                runner.view.forget()
                if isinstance(error, _INTEGRITY):
                    moved.append(runner)
                else:
                    failing.append((runner, batch))
            else:
                tx.execute("RELEASE SAVEPOINT follower")
                done.append((runner, batch))
        if done and store.postgres:
            tx.execute("SELECT pg_notify('tandem_views', ?)", (done[-1][0].name,))
    for runner, batch in done:
        runner.committed(batch)
    for runner in moved:
        runner.realign()  # another worker (or a rebuild) moved it on
    stopped = False
    for runner, batch in failing:
        try:
            runner.isolate(batch)
        except Fault:
            stopped = True
    return stopped
