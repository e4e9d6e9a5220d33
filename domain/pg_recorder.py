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

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier


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

    def _create_table(self, curs: Cursor[DictRow]) -> None:
        # Processes starting together (replicas, a worker) would otherwise race on
        # CREATE OR REPLACE FUNCTION: "tuple concurrently updated".
        curs.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            (f"tandem:create:{self.datastore.schema}.{self.events_table_name}",),
        )
        super()._create_table(curs)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int]:
        if not stored_events:
            return []
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
