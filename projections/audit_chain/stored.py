"""Reads decisions exactly as the event store holds them (never from a view): one
product's, or every product's in position order, for verification and exports.

On SQLite and PostgreSQL the rows are read with one plain statement per page, not
through the recorder's notifications: verification touches every stored decision, and
building a notification (with its UUID) for each one cost more than hashing it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from projections.audit_chain.canonical import StoredDecision, is_decision_topic

PAGE = 5000
Row = tuple[Any, Any, int, str, bytes]
"""(position, originator id as the store spells it, version, topic, state)."""


class EventRows:
    """The event store's rows in position ranges, read with the backend's own driver;
    `None` from `select` where the store is not SQL (the in-memory backend)."""

    def __init__(self, app: Application[uuid.UUID]) -> None:
        recorder: Any = app.recorder
        self.datastore = getattr(recorder, "datastore", None)
        self.table = recorder.events_table_name if self.datastore is not None else ""
        self.ids: dict[Any, str] = {}

    def product_id(self, stored: Any) -> str:
        """The lowercase hyphenated id, from the store's spelling (hex text, or a UUID)."""
        found = self.ids.get(stored)
        if found is None:
            found = self.ids[stored] = str(
                stored if isinstance(stored, uuid.UUID) else uuid.UUID(stored)
            )
        return found

    def select(self, first: int, last: int, product_id: str | None = None) -> list[Row] | None:
        """Rows with positions in [first, last], of one product or all, in position order."""
        if isinstance(self.datastore, SQLiteDatastore):
            where = "rowid >= ? AND rowid <= ?" + (" AND originator_id = ?" if product_id else "")
            params: tuple[Any, ...] = (first, last)
            if product_id:
                params += (uuid.UUID(product_id).hex,)
            with self.datastore.transaction(commit=False) as cursor:
                cursor.sqlite_cursor.row_factory = None  # plain tuples
                cursor.execute(
                    "SELECT rowid, originator_id, originator_version, topic, state "
                    f"FROM {self.table} WHERE {where} ORDER BY rowid",
                    params,
                )
                return cursor.fetchall()  # type: ignore[no-any-return]
        if isinstance(self.datastore, PostgresDatastore):
            where = "notification_id BETWEEN %s AND %s" + (
                " AND originator_id = %s" if product_id else ""
            )
            params = (first, last) + ((uuid.UUID(product_id),) if product_id else ())
            query = SQL(
                "SELECT notification_id, originator_id::text, originator_version, topic, state "
                "FROM {schema}.{table} WHERE " + where + " ORDER BY notification_id"
            ).format(
                schema=Identifier(self.datastore.schema or "public"), table=Identifier(self.table)
            )
            with (
                self.datastore.get_connection() as conn,
                conn.cursor(row_factory=tuple_row) as cursor,
            ):
                cursor.execute(query, params)
                return cursor.fetchall()
        return None

    def decisions(self, rows: list[Row]) -> list[StoredDecision]:
        return [
            StoredDecision(position, self.product_id(oid), version, topic, bytes(state))
            for position, oid, version, topic, state in rows
            if is_decision_topic(topic)
        ]


def product_decisions(
    app: Application[uuid.UUID], product_id: str, start: int = 1, stop: int | None = None
) -> list[StoredDecision]:
    """The product's stored decisions with positions in [start, stop], in position order."""
    reader = EventRows(app)
    rows = reader.select(start, stop if stop is not None else 2**62, product_id)
    if rows is None:
        return [d for d in all_decisions(app, start, stop) if d.product_id == product_id]
    return reader.decisions(rows)


def all_decisions(
    app: Application[uuid.UUID], start: int = 1, stop: int | None = None, page: int = PAGE
) -> Iterator[StoredDecision]:
    """Every product's stored decisions in position order, a page at a time."""
    position = start
    while stop is None or position <= stop:
        notifications = app.recorder.select_notifications(start=position, limit=page, stop=stop)
        if not notifications:
            return
        for n in notifications:
            if is_decision_topic(n.topic):
                yield StoredDecision(
                    n.id, str(n.originator_id), n.originator_version, n.topic, n.state
                )
        position = notifications[-1].id + 1
