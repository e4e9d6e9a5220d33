"""How a mutation runs: the decision on a worker thread (the library is synchronous),
errors mapped to codes, then a wait until the views show it (read-your-writes), and the
payload read back from the views."""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError

from api.graphql.arguments import parse_id
from api.graphql.errors import UNAVAILABLE, ApiError
from api.graphql.types.node import Info
from domain.actor import Actor
from domain.errors import DomainError
from domain.ledger import Outcome
from projections.rows import DecisionRow

T = TypeVar("T")
log = logging.getLogger("tandem.api")
PO = "Product Owner decision (PRODUCT_OWNER only)."
EM = "Engineering Manager decision (ENGINEERING_MANAGER only)."


def ids(info: Info, *values: str) -> list[str]:
    """Canonical ids, once the caller is known (UNAUTHENTICATED comes before bad input)."""
    info.context.require_viewer()
    return [parse_id(value) for value in values]


async def decide(info: Info, call: Callable[[Actor], T]) -> T:
    """Runs one application-service call as the caller; nothing is recorded on error."""
    actor = info.context.require_viewer().actor
    try:
        return await anyio.to_thread.run_sync(call, actor)
    except DomainError as error:
        raise ApiError.from_domain(error) from None
    except (OperationalError, InterfaceError, psycopg.OperationalError) as error:
        log.warning("the event store is unavailable: %s", error, exc_info=True)
        raise ApiError(
            UNAVAILABLE,
            "the event store is unavailable right now; retry (with the same idempotencyKey)",
            retryable=True,
        ) from None


async def settle(info: Info, outcome: Outcome | None = None) -> None:
    """Waits for the views to show the decision (or the whole log when its position is
    unknown: replayed, or nothing recorded), then forgets what this request loaded."""
    await info.context.services.settle(outcome.position if outcome else None)
    info.context.refresh()


async def recorded_decision(info: Info, outcome: Outcome) -> DecisionRow | None:
    """The decision the outcome recorded (or recorded the first time, when replayed)."""
    if outcome.version is None:
        return None
    row = await info.context.services.reader.decision_at(outcome.product_id, outcome.version)
    if row is None:
        raise ApiError(
            UNAVAILABLE,
            "the decision is recorded but not yet visible; query again shortly",
            retryable=True,
        )
    if not outcome.replayed:
        count_decision(row.type)
    return row


def count_decision(type_name: str) -> None:
    """Tells the metrics (api.observability, when installed) that a decision was recorded."""
    try:
        observability = importlib.import_module("api.observability")
    except ImportError:
        return
    hook = getattr(observability, "decision_recorded", None)
    if hook is not None:
        with contextlib.suppress(Exception):  # metrics never fail a recorded decision
            hook(type_name)
