"""The physical floors: the same work done by the bare driver or library, on tables of
the same shape as the event store's, in the same database as the measured store."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

import psycopg

from bench.harness import Sampler, per_op_us
from bench.stores import postgres_dsn_schema, sqlite_path

FLOOR_TABLE = "bench_floor_events"


class PostgresFloor:
    """`BEGIN; LOCK TABLE ... IN EXCLUSIVE MODE; INSERT one event row; COMMIT` with
    raw psycopg, on a table shaped like the library's `tandem_events`."""

    def __init__(self, url: str, topic: str, state: bytes) -> None:
        dsn, schema = postgres_dsn_schema(url)
        self.table = f'"{schema}".{FLOOR_TABLE}'
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.conn.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} (originator_id uuid NOT NULL, "
            "originator_version bigint NOT NULL, topic text, state bytea, "
            "notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
        )
        self.conn.execute(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {FLOOR_TABLE}_notification_id_idx "
            f"ON {self.table} (notification_id)"
        )
        self.topic = topic
        self.state = state
        self.originator = uuid.uuid4()
        self.version = 0
        self.lock = f"LOCK TABLE {self.table} IN EXCLUSIVE MODE"
        self.insert = (
            f"INSERT INTO {self.table} (originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s) RETURNING notification_id"
        )

    def record(self, _: int = 0) -> None:
        self.version += 1
        with self.conn.transaction():
            self.conn.execute(self.lock, prepare=True)
            self.conn.execute(
                self.insert, (self.originator, self.version, self.topic, self.state), prepare=True
            ).fetchone()

    def sampler(self, count: int) -> Sampler:
        return per_op_us(self.record, count)

    def close(self) -> None:
        self.conn.close()


class SqliteFloor:
    """`BEGIN; INSERT one event row; COMMIT` with the standard library's sqlite3 in
    WAL mode, on a table shaped like the library's `stored_events`, in the same file."""

    def __init__(self, url: str, topic: str, state: bytes) -> None:
        self.conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute(
            f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (originator_id TEXT, "
            "originator_version INTEGER, topic TEXT, state BLOB, "
            "PRIMARY KEY (originator_id, originator_version))"
        )
        self.topic = topic
        self.state = state
        self.originator = uuid.uuid4().hex
        self.version = 0
        self.insert = (
            f"INSERT INTO {FLOOR_TABLE} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)"
        )

    def record(self, _: int = 0) -> None:
        self.version += 1
        self.conn.execute("BEGIN")
        cursor = self.conn.execute(
            self.insert, (self.originator, self.version, self.topic, self.state)
        )
        _ = cursor.lastrowid
        self.conn.execute("COMMIT")

    def sampler(self, count: int) -> Sampler:
        return per_op_us(self.record, count)

    def close(self) -> None:
        self.conn.close()


def floor_for(backend: str) -> Callable[[str, str, bytes], Any]:
    return PostgresFloor if backend == "postgres" else SqliteFloor


def last_event_shape(app: Any) -> tuple[str, bytes]:
    """Topic and state of the newest stored event: the floor inserts rows that big."""
    head = app.recorder.max_notification_id() or 0
    (notification,) = app.recorder.select_notifications(start=head, limit=1)
    return notification.topic, bytes(notification.state)
