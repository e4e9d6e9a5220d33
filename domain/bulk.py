"""Bulk recording: many decisions on one product, checked one by one by the same
use cases and rules, saved together in one transaction.

An importer or the demo seeder calls the ordinary application methods inside
`with Batch(app, product_id):`. Each decision is validated, authorised and applied
to the product in memory exactly as it would be alone; nothing is stored until the
block ends, when everything is saved with one `app.save(...)`, or nothing is if the
block raised or another process changed the product meanwhile.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from types import TracebackType
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError

from domain.actor import Actor
from domain.commands.fields import canonical_id
from domain.errors import Conflict, DomainError, InvalidInput, Unavailable
from domain.idempotency import IdempotencyRecord
from domain.locators import ItemLocator
from domain.outcome import Outcome
from domain.recording import Recording

Decide = Callable[[datetime], tuple[list[Aggregate], Outcome]]


class Batch:
    """Decisions on one product, recorded atomically when the `with` block ends.

    Holds the product's lock in this process for the whole block, so no other
    decision on the product interleaves. A decision the rules reject raises as
    usual and leaves the batch usable (rules are checked before any event is
    triggered); any other error discards the whole batch. Outcomes returned inside
    the block have no position yet: once the batch is saved, `position` is that of
    its last event (what a reader waits for to see the whole batch).
    """

    def __init__(self, app: Recording, product_id: str) -> None:
        self.app = app
        self.product_id = canonical_id(product_id, "product")
        self.pending: dict[uuid.UUID, Aggregate] = {}
        self.keys: dict[tuple[str, str], tuple[str, Outcome]] = {}
        self.located: list[str] = []
        self.decisions = 0
        self.position: int | None = None
        self.broken = False
        self._lock = app.locks.lock(self.product_id)

    def __enter__(self) -> Batch:
        if getattr(self.app._attempt, "batch", None) is not None:
            raise RuntimeError("batches do not nest")
        self._lock.acquire()
        self.app._attempt.batch = self
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.app._attempt.batch = None
        try:
            if kind is not None or self.broken:
                self._discard()
                if kind is None:
                    raise RuntimeError("a decision in this batch failed; nothing was recorded")
                return
            self._save()
        finally:
            self._lock.release()

    def decide(
        self, actor: Actor, key: str | None, digest: str, decide: Decide, subject: str | None
    ) -> Outcome:
        """Called by `Recording.run` instead of deciding and saving at once."""
        if subject != self.product_id:
            raise InvalidInput("a batch records decisions on its own product only")
        if key is not None:
            replayed = self._replay(actor, key, digest)
            if replayed is not None:
                return replayed
        self.app._attempt.loaded = []
        try:
            aggregates, outcome = decide(self.app.clock())
        except DomainError:
            raise
        except BaseException:
            self.broken = True
            raise
        finally:
            self.app._attempt.loaded = None
        for aggregate in aggregates:
            self.pending[aggregate.id] = aggregate
            if isinstance(aggregate, ItemLocator):
                # Later decisions of the batch find the item before it is stored.
                self.app._item_products[str(aggregate.id)] = aggregate.product_id
                self.located.append(str(aggregate.id))
        if key is not None:
            record = IdempotencyRecord.use(
                caller_key=actor.key,
                key=key,
                fingerprint=digest,
                outcome=outcome.to_record(),
                at=self.app.clock(),
            )
            self.pending[record.id] = record
            self.keys[(actor.key, key)] = (digest, outcome)
        self.decisions += 1
        return outcome

    def _replay(self, actor: Actor, key: str, digest: str) -> Outcome | None:
        earlier = self.keys.get((actor.key, key))
        if earlier is None:
            return self.app.prior_outcome(actor, key, digest)
        if earlier[0] != digest:
            raise InvalidInput("this idempotencyKey was already used for a different request")
        return replace(earlier[1], replayed=True)

    def _save(self) -> None:
        if not self.pending:
            return
        try:
            recordings = self.app.save(*self.pending.values())
        except IntegrityError:
            self._discard()
            raise Conflict(
                "the product changed while the batch was prepared; nothing was recorded"
            ) from None
        except (InterfaceError, OperationalError) as error:
            self._discard()
            raise Unavailable(f"the event store is unavailable: {error}") from None
        except BaseException:
            self._discard()
            raise
        self.position = max(r.notification.id for r in recordings if r.notification)

    def _discard(self) -> None:
        """Forgets the unsaved changes: the cached product reloads from the store."""
        self.app.evict(list(self.pending.values()))
        cache: Any = self.app.repository.cache
        if cache is not None:
            # A decision that failed midway may have changed the product unsaved.
            with contextlib.suppress(KeyError):
                cache.get(uuid.UUID(self.product_id), evict=True)
        for item_id in self.located:
            self.app._item_products.pop(item_id, None)
        self.pending.clear()
