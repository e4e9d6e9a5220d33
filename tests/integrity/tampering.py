"""Tampering with a real event store behind Tandem's back, as an attacker with database
access would: one byte of a stored event's state, a deleted event, two swapped."""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.postgres import PostgresDatastore

from domain.application import Tandem


class Tamperer:
    def __init__(self, app: Tandem) -> None:
        recorder: Any = app.recorder
        self.datastore = recorder.datastore
        self.postgres = isinstance(self.datastore, PostgresDatastore)
        table = recorder.events_table_name
        self.table = f'"{self.datastore.schema or "public"}".{table}' if self.postgres else table
        self.position = "notification_id" if self.postgres else "rowid"

    def run(self, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
        statement = statement.format(table=self.table, position=self.position)
        if self.postgres:
            statement = statement.replace("?", "%s")
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement, params)
            try:
                return list(cursor.fetchall())
            except Exception:
                return []

    def flip_a_byte(self, position: int) -> None:
        (row,) = self.run("SELECT state FROM {table} WHERE {position} = ?", (position,))
        state = bytearray(row["state"] if isinstance(row, dict) else row[0])
        state[len(state) // 2] ^= 0x01
        self.run("UPDATE {table} SET state = ? WHERE {position} = ?", (bytes(state), position))

    def delete(self, position: int) -> None:
        self.run("DELETE FROM {table} WHERE {position} = ?", (position,))

    def swap(self, first: int, second: int) -> None:
        parked = -1 if not self.postgres else -(uuid.uuid4().int % 10**9)
        self.run("UPDATE {table} SET {position} = ? WHERE {position} = ?", (parked, first))
        self.run("UPDATE {table} SET {position} = ? WHERE {position} = ?", (first, second))
        self.run("UPDATE {table} SET {position} = ? WHERE {position} = ?", (second, parked))
