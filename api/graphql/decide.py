"""How a mutation runs, for every decision: its input becomes a command, the command
is decided on a worker thread (the library is synchronous), errors are mapped to
codes, and the views are awaited (read-your-writes) before the payload is read back."""

from __future__ import annotations

import dataclasses
import logging
from enum import Enum
from typing import Any

import anyio.to_thread
import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError

from api.graphql.errors import UNAVAILABLE, ApiError
from api.graphql.types.node import Info
from domain.commands import Command
from domain.errors import DomainError
from domain.outcome import Outcome
from projections.rows import DecisionRow

log = logging.getLogger("tandem.api")


def command_from(kind: type[Command], input: Any) -> Command:
    """The command of a mutation input: fields are taken by name (the inputs use the
    commands' names), GraphQL enums by value; the command checks their shape."""
    values = {
        field.name: _plain(getattr(input, field.name))
        for field in dataclasses.fields(kind)
        if hasattr(input, field.name)
    }
    return kind(**values)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


async def decide(info: Info, kind: type[Command], input: Any) -> Outcome:
    """Takes the decision as the caller; nothing is recorded on error.

    UNAUTHENTICATED comes before anything else, bad input before permission."""
    actor = info.context.require_viewer().actor
    key = getattr(input, "idempotency_key", None)
    try:
        command = command_from(kind, input)
        return await anyio.to_thread.run_sync(info.context.services.app.decide, actor, command, key)
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
    if outcome.version is None or outcome.product_id is None:
        return None
    row = await info.context.services.reader.decision_at(outcome.product_id, outcome.version)
    if row is None:
        raise ApiError(
            UNAVAILABLE,
            "the decision is recorded but not yet visible; query again shortly",
            retryable=True,
        )
    if not outcome.replayed:
        info.context.services.metrics.decision_recorded(row.type)
    return row
