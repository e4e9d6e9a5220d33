"""The small batches of several followers in one transaction: one commit (one flush,
no per-follower BEGIN and COMMIT) where each follower used to commit alone.

Should any of them fail (a handler raising, a tracking check failing because another
worker moved a follower on), the transaction is rolled back whole and each follower
then applies its batch in a transaction of its own, as `Runner.apply_batch` does: the
one that fails stops at its fault or realigns, and the others commit. A store error
fails the step, and the conductor tries again."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import IntegrityError, Notification, PersistenceError

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
        with store.transaction() as tx:
            for runner, batch, events in prepared:
                runner.write(tx, batch, events, announce=False)
            if store.postgres:
                tx.execute("SELECT pg_notify('tandem_views', ?)", (work[-1][0].name,))
    except Exception as error:
        for runner, _ in work:
            runner.view.forget()
        if isinstance(error, PersistenceError) and not isinstance(error, IntegrityError):
            raise
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
