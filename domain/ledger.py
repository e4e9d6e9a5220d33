"""The mechanics every decision shares: load, decide, save atomically with its
idempotency record, and retry when another writer got there first."""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    OperationalError,
)

from domain.actor import Actor
from domain.errors import Conflict, DomainError, InvalidInput, NotFound, Unavailable
from domain.idempotency import IdempotencyRecord, fingerprint
from domain.locators import ItemLocator
from domain.member import Credential, Member
from domain.product import Product
from domain.store import tables_created_one_at_a_time
from domain.transcodings import BacklogItemAsDict, GoalAsDict

log = logging.getLogger(__name__)
A = TypeVar("A", bound=Aggregate)
Clock = Callable[[], datetime]
MAX_ATTEMPTS = 50
LOCK_WAIT = 10.0
"""Seconds a decision waits for the others on its product in this process."""
MAX_KEY_LENGTH = 200


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What a decision did: its subject and, when something was recorded, the
    product version and log position of the decision event.

    The decision is identified by (product_id, version). `position` is known only
    to the call that recorded it (a replay from an idempotency key has None) and
    `replayed` says which call this was, so neither takes part in equality: the
    first call and its retries return equal outcomes.
    """

    product_id: str
    item_id: str | None = None
    member_id: str | None = None
    version: int | None = None
    position: int | None = field(default=None, compare=False)
    replayed: bool = field(default=False, compare=False)

    def to_record(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("position")
        data.pop("replayed")
        return data


def parse_id(value: str, what: str) -> uuid.UUID:
    """Ids are canonical UUID strings; anything else is bad input."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not a valid id") from None


class Ledger(Application[uuid.UUID]):
    """Base application: persistence, loading and the decide-save-retry loop."""

    name = "Tandem"
    # Snapshots of products are taken by the backlog view's runner as it follows
    # the log (off the write path); loading and time travel start from them.
    is_snapshotting_enabled = True
    # Aggregates are cached without copying or fast-forwarding: each decision on a
    # product holds that product's lock in this process, and optimistic concurrency
    # at save catches writes from other processes (then the stale copy is evicted).
    env = {
        "AGGREGATE_CACHE_MAXSIZE": "2000",
        "AGGREGATE_CACHE_FASTFORWARD": "n",
        "DEEPCOPY_FROM_AGGREGATE_CACHE": "n",
        "COMPRESSOR_TOPIC": "",
    }

    def __init__(self, env: dict[str, str] | None = None, clock: Clock = system_clock) -> None:
        with tables_created_one_at_a_time(self.construct_env(self.name, env)):
            super().__init__(env)
        # PostgreSQL: snapshots read with the event recorder's bounded retries.
        companion = getattr(self.recorder, "companion", None)
        if companion is not None and self.snapshots is not None:
            self.snapshots.recorder = companion(self.snapshots.recorder)
        self.clock = clock
        self._item_products: dict[str, str] = {}
        self._credentials: dict[uuid.UUID, str] = {}
        self.on_recorded: list[Callable[[], None]] = []
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        self._attempt = threading.local()

    def _notify(self, recordings: list[Any]) -> None:
        # Wakes this process's projection runners right after each save. The
        # decision is recorded by now: a failing wake-up must not turn it into an
        # error, or the caller would retry and record it twice.
        for callback in self.on_recorded:
            try:
                callback()
            except Exception:
                log.exception("a wake-up after recording failed; the decision stands")

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(BacklogItemAsDict())
        transcoder.register(GoalAsDict())

    # -- loading -----------------------------------------------------------

    def load(self, aggregate_id: str | uuid.UUID, kind: type[A], what: str) -> A:
        key = aggregate_id if isinstance(aggregate_id, uuid.UUID) else parse_id(aggregate_id, what)
        try:
            aggregate: Aggregate = self.repository.get(key)
        except AggregateNotFoundError:
            raise NotFound(f"no {what} {key}") from None
        loaded = getattr(self._attempt, "loaded", None)
        if loaded is not None:
            loaded.append(aggregate)
        if not isinstance(aggregate, kind):
            raise NotFound(f"no {what} {key}")
        return aggregate

    def product(self, product_id: str) -> Product:
        return self.load(product_id, Product, "product")

    def product_of_item(self, item_id: str) -> str:
        """The product an item belongs to (immutable, so cached)."""
        key = str(parse_id(item_id, "item"))
        if key not in self._item_products:
            locator = self.load(key, ItemLocator, "backlog item")
            self._item_products[key] = locator.product_id
        return self._item_products[key]

    def member(self, member_id: str) -> Member:
        return self.load(member_id, Member, "member")

    @staticmethod
    def dated(product: Product, at: datetime) -> datetime:
        """A decision is never dated before the product's previous one, whatever
        the clock says (clocks of replicas differ; the clock is read before the
        product is loaded), so an instant always cuts the product's log into a
        prefix."""
        return max(at, product.modified_on)

    def member_for_token(self, token: str) -> str | None:
        """The member a bearer token belongs to, or None."""
        credential_id = Credential.id_for(token)
        if credential_id not in self._credentials:
            try:
                credential: Credential = self.repository.get(credential_id)
            except AggregateNotFoundError:
                return None
            self._credentials[credential_id] = credential.member_id
        return self._credentials[credential_id]

    # -- deciding ----------------------------------------------------------

    def run(
        self,
        actor: Actor,
        key: str | None,
        operation: str,
        arguments: dict[str, Any],
        decide: Callable[[datetime], tuple[list[Aggregate], Outcome]],
        subject: str | None = None,
    ) -> Outcome:
        """Runs a decision until it is recorded, rejected, or replayed from its key.

        `decide` loads state, checks the rules and returns the aggregates to save
        with the outcome; it runs again after a concurrent write. `subject` names
        the aggregate decided on, whose lock serialises this process's decisions.
        """
        if key is not None and not (0 < len(key) <= MAX_KEY_LENGTH):
            raise InvalidInput(f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters")
        # Only a keyed decision is compared with an earlier request (a digest costs
        # about a sixth of a batched decision's CPU).
        digest = fingerprint(operation, arguments) if key is not None else ""
        batch = getattr(self._attempt, "batch", None)
        if batch is not None:
            # Inside `domain.bulk.Batch`: decided now, saved with the whole batch.
            return cast(Outcome, batch.decide(actor, key, digest, decide, subject))
        lock = self._lock(subject) if subject else None
        refreshed = False
        for attempt in range(MAX_ATTEMPTS):
            with self._holding(lock) if lock else contextlib.nullcontext():
                if key is not None:
                    prior = self._prior_outcome(actor, key, digest)
                    if prior is not None:
                        return prior
                self._attempt.loaded = []
                try:
                    aggregates, outcome = decide(self.clock())
                except DomainError:
                    # A copy of this request sent to another replica may have been
                    # recorded since the look-up above: its effect is why this one
                    # is rejected (the item is DROPPED already), so replay it.
                    if key is not None:
                        prior = self._prior_outcome(actor, key, digest)
                        if prior is not None:
                            return prior
                    # Rejected on a cached copy that another process may have moved
                    # on: catch up and decide once more before saying no.
                    if refreshed or not self._catch_up_loaded():
                        raise
                    refreshed = True
                    continue
                except BaseException:
                    self._evict(self._attempt.loaded)
                    raise
                finally:
                    loaded, self._attempt.loaded = self._attempt.loaded, None
                try:
                    recordings = self.save(
                        *aggregates, *self._key_record(actor, key, digest, outcome)
                    )
                except IntegrityError:
                    self._evict(loaded)
                    self._back_off(attempt)
                    continue
                except (InterfaceError, OperationalError) as error:
                    self._evict(loaded)
                    raise Unavailable(f"the event store is unavailable: {error}") from None
                except BaseException:
                    self._evict(loaded)
                    raise
            positions = [
                r.notification.id
                for r in recordings
                if r.domain_event.originator_id == uuid.UUID(outcome.product_id)
            ]
            return replace(outcome, position=positions[-1] if positions else None)
        raise Conflict("too many concurrent decisions on this product; retry")

    def _key_record(
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

    @staticmethod
    @contextlib.contextmanager
    def _holding(lock: threading.Lock) -> Iterator[None]:
        """The product's lock, waited for LOCK_WAIT at most: behind a decision stuck on
        the store (a write lock held elsewhere, a database unreachable) every waiting
        one would otherwise answer only after all those before it gave up."""
        if not lock.acquire(timeout=LOCK_WAIT):
            raise Unavailable(
                f"earlier decisions on this product have been waiting on the event store "
                f"for {LOCK_WAIT:.0f} s; retry"
            )
        try:
            yield
        finally:
            lock.release()

    def _lock(self, subject: str) -> threading.Lock:
        with self._locks_guard:
            if subject not in self._locks:
                self._locks[subject] = threading.Lock()
            return self._locks[subject]

    def _catch_up_loaded(self) -> bool:
        """Applies events recorded elsewhere to the cached aggregates this attempt
        read; True if any of them moved on."""
        moved = False
        for aggregate in self._attempt.loaded or []:
            for event in self.repository.event_store.get(aggregate.id, gt=aggregate.version):
                cast(Any, event).mutate(aggregate)
                moved = True
        return moved

    def _evict(self, aggregates: list[Aggregate]) -> None:
        """Drops cached copies a failed attempt may have changed without saving."""
        cache = self.repository.cache
        for aggregate in aggregates:
            if cache is not None:
                with contextlib.suppress(KeyError):
                    cache.get(aggregate.id, evict=True)

    def _prior_outcome(self, actor: Actor, key: str, digest: str) -> Outcome | None:
        try:
            record: IdempotencyRecord = self.repository.get(
                IdempotencyRecord.id_for(actor.key, key)
            )
        except AggregateNotFoundError:
            return None
        if record.fingerprint != digest:
            raise InvalidInput("this idempotencyKey was already used for a different request")
        return Outcome(**record.outcome, replayed=True)

    @staticmethod
    def _back_off(attempt: int) -> None:
        # Jitter spreads retrying writers so one of them wins the next round.
        time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 10)))
