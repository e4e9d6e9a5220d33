"""Where the views live: the same database as the event store, written through the
library's tracking recorders so rows and tracking position commit together."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore, SQLiteTrackingRecorder

TRACKING_PREFIX = "Tandem/"
FAULTS = """CREATE TABLE IF NOT EXISTS projection_faults (
    view TEXT PRIMARY KEY, position BIGINT NOT NULL, error TEXT NOT NULL, at TEXT NOT NULL)"""
"""Where a follower stopped, and why (see runner.Fault)."""


def tracking_name(view: str) -> str:
    return TRACKING_PREFIX + view


_NAMES = re.compile(r"CREATE (?:TABLE|INDEX) IF NOT EXISTS (\w+)")


class Generations:
    """Renames the views' tables and indexes for a generation of them: a rebuild
    writes `backlog_items__next`, then swaps it in."""

    def __init__(self, statements: Sequence[str]) -> None:
        names = sorted({n for s in statements for n in _NAMES.findall(s)}, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(names) + r")\b") if names else None

    def with_suffix(self, statement: str, suffix: str) -> str:
        """The statement on the generation named by `suffix` ("" is the live one)."""
        if not suffix or self.pattern is None:
            return statement
        return self.pattern.sub(lambda m: m.group(1) + suffix, statement)


class Tx:
    """One transaction on the view store, with '?' placeholders on both dialects."""

    def __init__(
        self,
        cursor: Any,
        recorder: TrackingRecorder,
        postgres: bool,
        suffix: str = "",
        generations: Generations | None = None,
    ) -> None:
        self.cursor = cursor
        self.recorder = recorder
        self.postgres = postgres
        self.suffix = suffix
        self.generations = generations or Generations(())

    def sql(self, statement: str) -> str:
        statement = self.generations.with_suffix(statement, self.suffix)
        return statement.replace("?", "%s") if self.postgres else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(self.sql(statement), params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.cursor.executemany(self.sql(statement), rows)

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.execute(statement, params)
        return [
            tuple(row.values()) if isinstance(row, dict) else tuple(row)
            for row in self.cursor.fetchall()
        ]

    def track(self, view: str, position: int) -> None:
        """Records the view's position; fails if the view already passed it."""
        name = tracking_name(view + self.suffix)
        self.recorder._insert_tracking(self.cursor, Tracking(name, position))  # type: ignore[attr-defined]


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
    def transaction(self, suffix: str = "") -> Iterator[Tx]:
        with self.datastore.transaction(commit=True) as cursor:
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
            yield Tx(cursor, self.recorder, self.postgres, suffix, self.generations)

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
