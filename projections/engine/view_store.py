"""Where the views live: the same database as the event store, written through the
library's tracking recorders so rows and tracking position commit together."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder
from psycopg.rows import tuple_row

from projections.engine.bulk_writes import BulkWrites
from projections.engine.generations import Generations
from projections.engine.table_shapes import TableShape, table_shapes

TRACKING_PREFIX = "Tandem/"
WITHOUT_ROWID = " WITHOUT ROWID"
FAULTS = """CREATE TABLE IF NOT EXISTS projection_faults (
    view TEXT PRIMARY KEY, position BIGINT NOT NULL, error TEXT NOT NULL, at TEXT NOT NULL)"""
"""Where a follower stopped, and why (see runner.Fault)."""


def tracking_name(view: str) -> str:
    return TRACKING_PREFIX + view


class Tx:
    """One transaction on the view store, with '?' placeholders on both dialects.

    Views write rows by table (insert, upsert, replace); in a rebuild (`bulk`) those
    rows are collected and written in bulk later, and a statement of the view's own
    first writes what is pending on the tables it names."""

    def __init__(
        self,
        cursor: Any,
        recorder: TrackingRecorder,
        postgres: bool,
        suffix: str = "",
        generations: Generations | None = None,
        shapes: dict[str, TableShape] | None = None,
        bulk: BulkWrites | None = None,
    ) -> None:
        # Plain tuples from both drivers: building a dict (PostgreSQL) or a Row
        # (SQLite) for each row only to turn it back into a tuple cost microseconds a row.
        if postgres:
            cursor.row_factory = tuple_row
        else:
            cursor.sqlite_cursor.row_factory = None
        self.cursor = cursor
        self.recorder = recorder
        self.postgres = postgres
        self.suffix = suffix
        self.generations = generations or Generations(())
        self.shapes = shapes or {}
        self.bulk = bulk
        self.pending_tracking: list[Tracking] | None = None
        """Positions held back to be tracked in one round trip (a pipelined transaction)."""

    def sql(self, statement: str) -> str:
        statement = self.generations.with_suffix(statement, self.suffix)
        if self.postgres:  # a table SQLite keeps in its key's order is a plain one here
            return statement.removesuffix(WITHOUT_ROWID).replace("?", "%s")
        return statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        if self.bulk is not None:
            self.bulk.before(self, statement)
        self.cursor.execute(self.sql(statement), params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            if self.bulk is not None:
                self.bulk.before(self, statement)
            self.cursor.executemany(self.sql(statement), rows)

    def insert(self, table: str, rows: Iterable[Sequence[Any]]) -> None:
        """Rows with new keys (a taken key fails)."""
        self.upsert(table, rows, update=None)

    def upsert(
        self, table: str, rows: Iterable[Sequence[Any]], update: tuple[str, ...] | None = ()
    ) -> None:
        """Rows whose keys may be taken: then the `update` columns are set from the row
        (none given: the stored row is kept)."""
        if self.bulk is not None:
            self.bulk.table(table).put(rows, update)
        else:
            self.executemany(self.shapes[table].insert(update), list(rows))

    def replace(
        self, table: str, column: str, values: Sequence[Any], rows: Iterable[Sequence[Any]]
    ) -> None:
        """The table's rows whose `column` has one of the `values` become `rows`."""
        if self.bulk is not None:
            self.bulk.table(table).replace(column, values, rows)
        else:
            self.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(v,) for v in values])
            self.executemany(self.shapes[table].insert(None), list(rows))

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.execute(statement, params)
        return self.cursor.fetchall()  # type: ignore[no-any-return]

    def track(self, view: str, position: int) -> None:
        """Records the view's position; fails if the view already passed it."""
        tracking = Tracking(tracking_name(view + self.suffix), position)
        if self.pending_tracking is not None:
            self.pending_tracking.append(tracking)
        else:
            self.recorder._insert_tracking(self.cursor, tracking)  # type: ignore[attr-defined]

    def track_pending(self) -> None:
        """Tracks the held-back positions with the library's statement, in one pipelined
        round trip, failing as the library does when a follower already passed its own."""
        pending, self.pending_tracking = self.pending_tracking or [], None
        if not pending:
            return
        statement = self.recorder.insert_tracking_statement  # type: ignore[attr-defined]
        params = [
            {"application_name": t.application_name, "notification_id": t.notification_id}
            for t in pending
        ]
        # A cursor of its own: the results of the statements sent before are not its.
        with self.cursor.connection.cursor() as cursor:
            cursor.executemany(statement, params, returning=True)
            for tracking in pending:
                if cursor.fetchone() is None:
                    raise IntegrityError(
                        f"Failed to record tracking for {tracking.application_name} "
                        f"{tracking.notification_id}"
                    )
                cursor.nextset()


class ViewStore:
    """Transactions over the views' tables (`tables`: their DDL, created here) and
    the followers' tracking records."""

    def __init__(self, app: Application[Any], tables: Sequence[str] = ()) -> None:
        datastore = getattr(app.factory, "datastore", None)
        self.owns_datastore = datastore is None
        self.postgres = isinstance(datastore, PostgresDatastore)
        self.recorder: TrackingRecorder
        if isinstance(datastore, PostgresDatastore):
            self.schema = datastore.schema
            self.tracking_table = "tandem_view_tracking"
            self.recorder = PostgresTrackingRecorder(
                datastore, tracking_table_name="tandem_view_tracking"
            )
        else:
            if not isinstance(datastore, SQLiteDatastore):
                # The memory backend keeps its views in a private in-memory SQLite database.
                name = f"file:tandem-views-{uuid.uuid4().hex}?mode=memory&cache=shared"
                datastore = SQLiteDatastore(name)
            self.schema = ""
            self.tracking_table = "tracking"
            self.recorder = SQLiteTrackingRecorder(datastore)
        self.datastore: Any = datastore
        self.generations = Generations(tables)
        self.shapes = table_shapes(tables)
        self.recorder.create_table()
        self.create_tables([*tables, FAULTS])

    @property
    def sqlite_name(self) -> str:
        return str(self.datastore.pool.db_name)

    def create_tables(self, statements: Sequence[str]) -> None:
        with self.transaction() as tx:
            for statement in statements:
                tx.execute(statement)

    @contextmanager
    def transaction(
        self, suffix: str = "", bulk: BulkWrites | None = None, *, pipelined: bool = False
    ) -> Iterator[Tx]:
        """With `pipelined` (PostgreSQL), statements whose results are not read are sent
        without waiting for each answer, and the positions are tracked together at the
        end: the views' writes for a decision take a few round trips, not one each.
        A bulk transaction (a rebuild's COPY) cannot be pipelined."""
        if pipelined and bulk is not None:
            raise ValueError("a bulk transaction cannot be pipelined")
        pipelined = pipelined and self.postgres
        with (
            self.datastore.transaction(commit=True) as cursor,
            cursor.connection.pipeline() if pipelined else contextlib.nullcontext(),
        ):
            if self.postgres:
                cursor.execute(f'SET LOCAL search_path TO "{self.schema}"')
            else:
                # Overwritten view rows are zeroed, not left in the page's free space
                # (erasure of a forgotten member: members/freed_pages.py).
                cursor.execute("PRAGMA secure_delete=ON")
                # Take SQLite's write lock before the first read. A transaction that
                # reads first cannot upgrade once another process (a `tandem project`
                # worker, a server writing events) has committed since: it fails at
                # once with "database is locked" instead of waiting, again and again.
                cursor.execute(
                    f"UPDATE {self.tracking_table} SET notification_id = notification_id WHERE 0"
                )
            tx = Tx(
                cursor, self.recorder, self.postgres, suffix, self.generations, self.shapes, bulk
            )
            if pipelined:
                tx.pending_tracking = []
            yield tx
            tx.track_pending()

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A read-only transaction: a reader connection on SQLite (never the one writer
        the views and the event store share, which concurrent reads would queue for),
        rolled back at the end on PostgreSQL."""
        with self.datastore.transaction(commit=False) as cursor:
            if self.postgres:
                cursor.execute(f'SET LOCAL search_path TO "{self.schema}"')
            yield Tx(cursor, self.recorder, self.postgres, "", self.generations, self.shapes)

    def with_suffix(self, statement: str, suffix: str) -> str:
        return self.generations.with_suffix(statement, suffix)

    def check_connections(self) -> None:
        """After a lost connection: replaces the pool's dead idle connections (PostgreSQL)."""
        if self.postgres:
            with contextlib.suppress(Exception):
                self.datastore.pool.check()

    def position(self, view: str) -> int | None:
        return self.recorder.max_tracking_id(tracking_name(view))

    def close(self) -> None:
        if self.owns_datastore:
            self.datastore.close()
