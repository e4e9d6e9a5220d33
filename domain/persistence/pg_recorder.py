"""The PostgreSQL event recorder: one round trip per save, commit order kept.

The library offers two ways to insert a save's events. Its default takes the
table's EXCLUSIVE lock (so events commit in notification-id order: a follower never
reads past an id that a slower transaction fills in later) but spends several round
trips on it: BEGIN, SET LOCAL, LOCK TABLE, NOTIFY, INSERT, COMMIT. Its
POSTGRES_ENABLE_DB_FUNCTIONS=y path makes one round trip through a database
function, but that function takes no lock: two saves can then commit out of id
order, and a follower that has read the later id skips the earlier one for good.

This recorder calls a function of its own that does what the default does, lock
included, inside one statement (autocommit: the statement's transaction holds the
lock until it commits). The benchmark's workload 1 measures all three.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

T = TypeVar("T")
RETRY_FOR = 3.0
"""Seconds a read or a save goes on retrying after its connection was lost."""
RETRY_WAIT = 0.05


def retrying(call: Callable[[], T], datastore: PostgresDatastore) -> T:
    """Calls again after a lost connection, for RETRY_FOR seconds at most. The other
    idle connections of the pool were most likely lost too (the server restarted, or
    cut them): they are checked, and the dead ones replaced, before trying again."""
    deadline = time.monotonic() + RETRY_FOR
    for attempt in itertools.count():
        try:
            return call()
        except (InterfaceError, OperationalError):
            pause = RETRY_WAIT * attempt
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            with contextlib.suppress(Exception):
                datastore.pool.check()
    raise AssertionError("unreachable")


def _unwrapped(method: Any) -> Any:
    """The library's method without its retry decorator."""
    return getattr(method, "__wrapped__", method)


class BoundedAggregateRecorder(PostgresAggregateRecorder):
    """The library's recorder (of snapshots), with reads retried as the events' are."""

    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        read = _unwrapped(PostgresAggregateRecorder.select_events)
        return retrying(lambda: read(self, *args, **kwargs), self.datastore)


class LockedInsertRecorder(PostgresApplicationRecorder):
    """Inserts each save's events by calling `tandem_insert_events_<id type>`, which
    locks the table, notifies listeners and inserts, in one round trip."""

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.locked_function = f"tandem_insert_events_{datastore.originator_id_type}"
        schema = Identifier(datastore.schema)
        function = Identifier(self.locked_function)
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}(events {schema}.{event}[]) "
                "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
                "BEGIN"
                "    SET LOCAL lock_timeout = '{lock_timeout}s';"
                "    LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE;"
                "    NOTIFY {channel};"
                "    RETURN QUERY"
                "    INSERT INTO {schema}.{table} AS t ("
                "    originator_id, originator_version, topic, state)"
                "    SELECT originator_id, originator_version, topic, state"
                "    FROM unnest(events)"
                "    RETURNING notification_id;"
                " END;"
                " $BODY$"
            ).format(
                schema=schema,
                function=function,
                event=Identifier(self.stored_event_type_name),
                lock_timeout=datastore.lock_timeout,
                table=Identifier(self.events_table_name),
                channel=Identifier(self.channel_name),
            )
        )
        self.invoke_locked_function = SQL("SELECT * FROM {schema}.{function}((%s))").format(
            schema=schema, function=function
        )
        self.select_recorded = SQL(
            "SELECT notification_id, topic, state FROM {schema}.{table} "
            "WHERE originator_id = %s AND originator_version = %s"
        ).format(schema=schema, table=Identifier(self.events_table_name))

    def companion(self, recorder: Any) -> Any:
        """The application's snapshot recorder, with the same bounded retries."""
        if type(recorder) is PostgresAggregateRecorder:
            return BoundedAggregateRecorder(
                self.datastore, events_table_name=recorder.events_table_name
            )
        return recorder

    def _create_table(self, curs: Cursor[DictRow]) -> None:
        # Processes starting together (replicas, a worker) would otherwise race on
        # CREATE OR REPLACE FUNCTION: "tuple concurrently updated".
        curs.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            (f"tandem:create:{self.datastore.schema}.{self.events_table_name}",),
        )
        super()._create_table(curs)

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int]:
        """Inserts and returns the events' notification ids. A lost connection is retried
        for a few seconds at most (a caller waits on this, holding the product's lock).

        A connection can also be lost after the statement committed, with its answer:
        the retry then conflicts with the save's own events. That is told apart from
        another writer's conflict by comparing what is stored, and answered with the ids
        (the ledger would otherwise decide again, and record the decision twice)."""
        if not stored_events:
            return []
        calls = 0

        def insert() -> list[int]:
            nonlocal calls
            calls += 1
            return self._insert(stored_events)

        try:
            return retrying(insert, self.datastore)
        except IntegrityError:
            # After a lost connection, the conflict may be with this save's own events.
            recorded = self._recorded(stored_events) if calls > 1 else None
            if recorded is None:
                raise
            return recorded

    # The library retries reads ten times, each waiting for a pooled connection: close
    # to a minute while the database is unreachable. These give up after RETRY_FOR.

    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        read = _unwrapped(PostgresApplicationRecorder.select_events)
        return retrying(lambda: read(self, *args, **kwargs), self.datastore)

    def select_notifications(self, *args: Any, **kwargs: Any) -> Any:
        read = _unwrapped(PostgresApplicationRecorder.select_notifications)
        return retrying(lambda: read(self, *args, **kwargs), self.datastore)

    def max_notification_id(self) -> Any:
        read = _unwrapped(PostgresApplicationRecorder.max_notification_id)
        return retrying(lambda: read(self), self.datastore)

    def _insert(self, stored_events: Sequence[StoredEvent]) -> list[int]:
        events = [
            self.construct_pg_stored_event(
                originator_id=e.originator_id,
                originator_version=e.originator_version,
                topic=e.topic,
                state=e.state,
            )
            for e in stored_events
        ]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.invoke_locked_function, (events,), prepare=True)
            return [row[self.locked_function] for row in curs.fetchall()]

    def _recorded(self, stored_events: Sequence[StoredEvent]) -> list[int] | None:
        """The notification ids of exactly these events if they are stored, else None."""
        ids = []
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            for e in stored_events:
                curs.execute(
                    self.select_recorded,
                    (e.originator_id, e.originator_version),
                )
                row = curs.fetchone()
                if row is None or (row["topic"], bytes(row["state"])) != (e.topic, e.state):
                    return None
                ids.append(int(row["notification_id"]))
        return ids
