"""The mechanics every decision shares, as named steps: replay a keyed retry, decide
on the loaded state, save atomically with the idempotency record, and on a concurrent
write evict the stale copy and go again."""

from __future__ import annotations

import contextlib
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, cast

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError

from domain.actor import Actor
from domain.errors import Conflict, DomainError, InvalidInput, Unavailable
from domain.idempotency import IdempotencyRecord
from domain.ledger import Ledger
from domain.outcome import Outcome

Attempt = Callable[[datetime], tuple[list[Aggregate], Outcome]]
"""Loads state, checks the rules, returns the aggregates to save and the outcome."""
MAX_ATTEMPTS = 50
MAX_KEY_LENGTH = 200


class StaleCopy(Exception):
    """A rule rejected the decision on a cached copy that has since moved on."""


class Recording(Ledger):
    """Runs a decision until it is recorded, rejected, or replayed from its key."""

    def run(
        self, actor: Actor, key: str | None, digest: str, attempt: Attempt, subject: str | None
    ) -> Outcome:
        """`subject` names the product decided on, whose lock serialises this
        process's decisions on it; `digest` fingerprints a keyed request."""
        batch = getattr(self._attempt, "batch", None)
        if batch is not None:
            # Inside `domain.bulk.Batch`: decided now, saved with the whole batch.
            return cast(Outcome, batch.decide(actor, key, digest, attempt, subject))
        refreshed = False
        for round_ in range(MAX_ATTEMPTS):
            with self.locks.holding(subject):
                prior = self.prior_outcome(actor, key, digest)
                if prior is not None:
                    return prior
                try:
                    aggregates, outcome, loaded = self._decide_once(attempt, refreshed)
                except StaleCopy:
                    refreshed = True
                    continue
                except DomainError:
                    # A copy of this request sent to another replica may have been
                    # recorded since the look-up above: its effect is why this one
                    # is rejected (the item is DROPPED already), so replay it.
                    prior = self.prior_outcome(actor, key, digest)
                    if prior is not None:
                        return prior
                    raise
                recordings = self._save(aggregates, actor, key, digest, outcome, loaded)
            if recordings is None:
                self._back_off(round_)
                continue
            return replace(outcome, position=self._position(recordings, outcome))
        raise Conflict("too many concurrent decisions on this product; retry")

    def _decide_once(
        self, attempt: Attempt, refreshed: bool
    ) -> tuple[list[Aggregate], Outcome, list[Aggregate]]:
        """One decision on the loaded state. A rejection on a cached copy that another
        process moved on is StaleCopy once: caught up, the decision runs again."""
        self._attempt.loaded = []
        try:
            aggregates, outcome = attempt(self.clock())
        except DomainError:
            loaded = self._attempt.loaded
            if refreshed or not self._catch_up(loaded):
                raise
            raise StaleCopy from None
        except BaseException:
            self.evict(self._attempt.loaded)
            raise
        finally:
            loaded, self._attempt.loaded = self._attempt.loaded, None
        return aggregates, outcome, loaded

    def _save(
        self,
        aggregates: list[Aggregate],
        actor: Actor,
        key: str | None,
        digest: str,
        outcome: Outcome,
        loaded: list[Aggregate],
    ) -> list[Any] | None:
        """Saves the decision with its idempotency record; None when another writer got
        there first (the stale copies are evicted and the decision runs again)."""
        try:
            return self.save(*aggregates, *self.key_record(actor, key, digest, outcome))
        except IntegrityError:
            self.evict(loaded)
            return None
        except (InterfaceError, OperationalError) as error:
            self.evict(loaded)
            raise Unavailable(f"the event store is unavailable: {error}") from None
        except BaseException:
            self.evict(loaded)
            raise

    @staticmethod
    def _position(recordings: list[Any], outcome: Outcome) -> int | None:
        """The log position of the decision's last event on its product."""
        if outcome.product_id is None:
            return None
        product = uuid.UUID(outcome.product_id)
        positions = [
            r.notification.id for r in recordings if r.domain_event.originator_id == product
        ]
        return positions[-1] if positions else None

    # -- idempotency -------------------------------------------------------

    @staticmethod
    def check_key(key: str | None) -> None:
        if key is not None and not (0 < len(key) <= MAX_KEY_LENGTH):
            raise InvalidInput(f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters")

    def key_record(
        self, actor: Actor, key: str | None, digest: str, outcome: Outcome
    ) -> list[Aggregate]:
        if key is None:
            return []
        record = IdempotencyRecord.use(
            caller_key=actor.key,
            key=key,
            fingerprint=digest,
            outcome=outcome.to_record(),
            at=self.clock(),
        )
        return [record]

    def prior_outcome(self, actor: Actor, key: str | None, digest: str) -> Outcome | None:
        """The answer to an earlier request with this key, if there was one."""
        if key is None:
            return None
        try:
            record: IdempotencyRecord = self.repository.get(
                IdempotencyRecord.id_for(actor.key, key)
            )
        except AggregateNotFoundError:
            return None
        if record.fingerprint != digest:
            raise InvalidInput("this idempotencyKey was already used for a different request")
        return Outcome(**record.outcome, replayed=True)

    # -- stale copies ------------------------------------------------------

    def _catch_up(self, loaded: list[Aggregate] | None) -> bool:
        """Applies events recorded elsewhere to the cached aggregates an attempt read;
        True if any of them moved on."""
        moved = False
        for aggregate in loaded or []:
            for event in self.repository.event_store.get(aggregate.id, gt=aggregate.version):
                cast(Any, event).mutate(aggregate)
                moved = True
        return moved

    def evict(self, aggregates: list[Aggregate] | None) -> None:
        """Drops cached copies a failed attempt may have changed without saving."""
        cache = self.repository.cache
        for aggregate in aggregates or []:
            if cache is not None:
                with contextlib.suppress(KeyError):
                    cache.get(aggregate.id, evict=True)

    @staticmethod
    def _back_off(round_: int) -> None:
        # Jitter spreads retrying writers so one of them wins the next round.
        time.sleep(random.uniform(0, 0.002 * min(round_ + 1, 10)))
