"""The mechanics every decision shares: load, decide, save atomically with its
idempotency record, and retry when another writer got there first."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    JSONTranscoder,
    OperationalError,
)

from domain.actor import Actor
from domain.errors import Conflict, InvalidInput, NotFound, Unavailable
from domain.idempotency import IdempotencyRecord, fingerprint
from domain.locators import ItemLocator
from domain.member import Credential, Member
from domain.product import Product
from domain.transcodings import BacklogItemAsDict, GoalAsDict

A = TypeVar("A", bound=Aggregate)
Clock = Callable[[], datetime]
MAX_ATTEMPTS = 50
MAX_KEY_LENGTH = 200


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What a decision did: its subject and, when something was recorded, the
    product version and log position of the decision event."""

    product_id: str
    item_id: str | None = None
    member_id: str | None = None
    version: int | None = None
    position: int | None = None
    replayed: bool = False

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
    env = {"AGGREGATE_CACHE_MAXSIZE": "2000", "COMPRESSOR_TOPIC": ""}

    def __init__(self, env: dict[str, str] | None = None, clock: Clock = system_clock) -> None:
        super().__init__(env)
        self.clock = clock
        self._item_products: dict[str, str] = {}
        self._credentials: dict[uuid.UUID, str] = {}
        self.on_recorded: list[Callable[[], None]] = []

    def _notify(self, recordings: list[Any]) -> None:
        # Wakes this process's projection runners right after each save.
        for callback in self.on_recorded:
            callback()

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
    ) -> Outcome:
        """Runs a decision until it is recorded, rejected, or replayed from its key.

        `decide` loads fresh state, checks the rules and returns the aggregates
        to save with the outcome; it runs again after a concurrent write.
        """
        if key is not None and not (0 < len(key) <= MAX_KEY_LENGTH):
            raise InvalidInput(f"idempotencyKey must be 1 to {MAX_KEY_LENGTH} characters")
        digest = fingerprint(operation, arguments)
        for attempt in range(MAX_ATTEMPTS):
            if key is not None:
                prior = self._prior_outcome(actor, key, digest)
                if prior is not None:
                    return prior
            aggregates, outcome = decide(self.clock())
            to_save: list[Aggregate] = list(aggregates)
            if key is not None:
                to_save.append(
                    IdempotencyRecord.use(
                        caller_key=actor.key,
                        key=key,
                        fingerprint=digest,
                        outcome=outcome.to_record(),
                        at=self.clock(),
                    )
                )
            try:
                recordings = self.save(*to_save)
            except IntegrityError:
                self._back_off(attempt)
                continue
            except (InterfaceError, OperationalError) as error:
                raise Unavailable(f"the event store is unavailable: {error}") from None
            positions = [
                r.notification.id
                for r in recordings
                if r.domain_event.originator_id == uuid.UUID(outcome.product_id)
            ]
            return replace(outcome, position=positions[-1] if positions else None)
        raise Conflict("too many concurrent decisions on this product; retry")

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
