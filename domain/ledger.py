"""The base application: persistence settings, the aggregate cache, and loading what a
decision needs (products, members, the product of an item, a token's member)."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Collection
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import InfrastructureFactory, JSONTranscoder, Mapper
from eventsourcing.utils import Environment

from domain.errors import InvalidInput, NotFound
from domain.locators import ItemLocator
from domain.member import Credential, Member
from domain.persistence.product_locks import ProductLocks
from domain.persistence.sqlite_pool import readers_beside_writers
from domain.persistence.tables import tables_created_one_at_a_time
from domain.personal_data.keys import MemberKeys, keys_for
from domain.personal_data.mapper import PersonalDataMapper
from domain.product import Product
from domain.transcodings import BacklogItemAsDict, GoalAsDict, PlanningAsDict

log = logging.getLogger(__name__)
A = TypeVar("A", bound=Aggregate)
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def parse_id(value: str, what: str) -> uuid.UUID:
    """Ids are canonical UUID strings; anything else is bad input."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not a valid id") from None


class Ledger(Application[uuid.UUID]):
    """Base application: persistence and loading; domain/recording.py adds the loop."""

    name = "Tandem"
    # Snapshots of products are taken off the write path by their own log follower
    # (projections/snapshots/); loading and time travel start from them.
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
        self.on_recorded: list[Callable[[Collection[str]], None]] = []
        """Called after each save with the ids of the aggregates it recorded."""
        self.locks = ProductLocks()
        self._attempt = threading.local()

    def _notify(self, recordings: list[Any]) -> None:
        # Wakes this process's projection runners right after each save. The
        # decision is recorded by now: a failing wake-up must not turn it into an
        # error, or the caller would retry and record it twice.
        recorded = {str(r.domain_event.originator_id) for r in recordings}
        for callback in self.on_recorded:
            try:
                callback(recorded)
            except Exception:
                log.exception("a wake-up after recording failed; the decision stands")

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        factory = super().construct_factory(env)
        readers_beside_writers(getattr(factory, "datastore", None))
        return factory

    def construct_mapper(self) -> Mapper[uuid.UUID]:
        """Personal fields are sealed under their member's key (domain/personal_data)."""
        mapper = self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=PersonalDataMapper
        )
        assert isinstance(mapper, PersonalDataMapper)
        mapper.keys = keys_for(getattr(self.factory, "datastore", None))
        return mapper

    @property
    def member_keys(self) -> MemberKeys:
        """The members' keys (forgetting a member destroys theirs)."""
        return cast(PersonalDataMapper, self.mapper).keys

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(BacklogItemAsDict())
        transcoder.register(GoalAsDict())
        transcoder.register(PlanningAsDict())

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
