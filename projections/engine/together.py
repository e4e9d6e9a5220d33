"""The small batches of several followers in one transaction: one commit (one flush,
no per-follower BEGIN and COMMIT) where each follower used to commit alone.

On PostgreSQL the transaction is pipelined (view_store.ViewStore.transaction): the
statements go out without waiting for each answer, and the positions are tracked
together at its end, so one decision's views commit in a few round trips.

Should any of them fail (a handler raising, a tracking check failing because another
worker moved a follower on, the store unavailable), the transaction is rolled back
whole and each follower then applies its batch in a transaction of its own, as
`Runner.apply_batch` does: the one that fails stops at its fault or realigns, and the
others commit. A store still unavailable there fails the step, and the conductor
tries again."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import Notification

from projections.engine.runner import Fault, Runner
from projections.engine.view_store import ViewStore

TOGETHER = 50
"""Batches of at most this many notifications go together (the usual case: a few new
events); longer ones, catching up, commit alone, so as not to hold SQLite's writer lock
for the length of every follower's batch."""


def apply_together(store: ViewStore, work: Sequence[tuple[Runner, Sequence[Notification]]]) -> bool:
    """Applies each runner's batch; True when one stopped at a fault."""
    try:
        prepared = [(runner, batch, runner.prepare(batch)) for runner, batch in work]
        with store.transaction(pipelined=True) as tx:
            for runner, batch, events in prepared:
                runner.write(tx, batch, events, announce=False)
            if store.postgres:
                tx.execute("SELECT pg_notify('tandem_views', ?)", (work[-1][0].name,))
    except Exception:
        # Pipelined, a statement's error may surface at a later statement, as the
        # pipeline's abort: each batch again alone, unpipelined, tells which one failed
        # and why (a store still unavailable raises there).
        for runner, _ in work:
            runner.view.forget()
        return alone(work)
    for runner, batch in work:
        runner.committed(batch)
    return False


def alone(work: Sequence[tuple[Runner, Sequence[Notification]]]) -> bool:
    """Each runner's batch in its own transaction; True when one stopped at a fault."""
    stopped = False
    for runner, batch in work:
        try:
            runner.apply_batch(batch)
        except Fault:
            stopped = True
    return stopped
