"""Reads decisions exactly as the event store holds them (never from a view): one
product's, or every product's in position order, for verification and exports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg.sql import SQL, Identifier

from projections.audit_chain.canonical import StoredDecision, is_decision_topic

PAGE = 5000


def product_decisions(
    app: Application[uuid.UUID], product_id: str, start: int = 1, stop: int | None = None
) -> list[StoredDecision]:
    """The product's stored decisions with positions in [start, stop], in position order."""
    recorder: Any = app.recorder
    datastore = getattr(recorder, "datastore", None)
    key = uuid.UUID(product_id)
    last = stop if stop is not None else 2**62
    if isinstance(datastore, SQLiteDatastore):
        statement = (
            f"SELECT rowid, originator_version, topic, state FROM {recorder.events_table_name} "
            "WHERE originator_id = ? AND rowid >= ? AND rowid <= ? ORDER BY rowid"
        )
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (key.hex, start, last))
            rows = [tuple(row) for row in cursor.fetchall()]
    elif isinstance(datastore, PostgresDatastore):
        query = SQL(
            "SELECT notification_id, originator_version, topic, state FROM {schema}.{table} "
            "WHERE originator_id = %s AND notification_id BETWEEN %s AND %s "
            "ORDER BY notification_id"
        ).format(
            schema=Identifier(datastore.schema or "public"),
            table=Identifier(recorder.events_table_name),
        )
        with datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(query, (key, start, last))
            rows = [tuple(row.values()) for row in cursor.fetchall()]
    else:
        return [d for d in all_decisions(app, start, stop) if d.product_id == product_id]
    return [
        StoredDecision(int(position), product_id, int(version), topic, bytes(state))
        for position, version, topic, state in rows
        if is_decision_topic(topic)
    ]


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
