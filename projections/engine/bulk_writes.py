"""Rows a rebuild holds in memory and writes in bulk: the transaction of a rebuild
(view_store.Tx with `bulk`) collects each table's rows by key, merged as the
statements would have merged them, and writes each row once per flush, by COPY on
PostgreSQL and one prepared executemany per table on SQLite, instead of a statement
per product and batch. The rebuild's tables start empty, so the first flush of a
table loads its rows without conflict checks."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from projections.engine.table_shapes import Row, TableShape, Update

if TYPE_CHECKING:
    from projections.engine.view_store import Tx

_STAGES = itertools.count()


class DuplicateRow(Exception):
    """A plain insert of a key already written (the statement would have failed too)."""


class Pending:
    """What one table will hold once flushed: its rows by key, each with what it does
    to a stored row of the same key, and the groups of stored rows to delete first."""

    def __init__(self, shape: TableShape) -> None:
        if not shape.key:
            raise ValueError(f"{shape.name} has no primary key: bulk writes need one")
        self.shape = shape
        self.rows: dict[Any, tuple[Row, Update]] = {}
        self.deleted: dict[int, set[Any]] = {}
        self.groups: dict[int, dict[Any, set[Any]]] = {}
        """Keys by the value of a column that `replace` deletes by."""

    def put(self, rows: Iterable[Sequence[Any]], update: Update) -> None:
        """As INSERT (update None), INSERT .. ON CONFLICT DO NOTHING (update ()) or
        DO UPDATE SET the `update` columns, one row after another."""
        shape = self.shape
        changed = shape.at(update) if update else ()
        for values in rows:
            row = tuple(values)
            key = shape.key_of(row)
            held = self.rows.get(key)
            how = update
            if held is not None:
                if update is None:
                    raise DuplicateRow(f"{shape.name}: a row with key {key} is written twice")
                if not update:
                    continue
                merged = list(held[0])
                for at in changed:
                    merged[at] = row[at]
                row = tuple(merged)
                how = None if held[1] is None else tuple(dict.fromkeys((*held[1], *update)))
            self.rows[key] = (row, how)
            for at, keys in self.groups.items():
                keys.setdefault(row[at], set()).add(key)

    def replace(self, column: str, values: Iterable[Any], rows: Iterable[Sequence[Any]]) -> None:
        """As DELETE FROM the table WHERE `column` = each of the `values`, then INSERT `rows`."""
        (at,) = self.shape.at((column,))
        keys = self.groups.get(at)
        if keys is None:
            keys = self.groups[at] = {}
            for key, (row, _) in self.rows.items():
                keys.setdefault(row[at], set()).add(key)
        deleted = self.deleted.setdefault(at, set())
        for value in values:
            for key in keys.pop(value, ()):
                held = self.rows.get(key)
                if held is not None and held[0][at] == value:
                    del self.rows[key]
            deleted.add(value)
        self.put(rows, None)


class BulkWrites:
    """The rows of a rebuild's tables not yet written, by table (`fresh`: the tables
    known to be empty, none of whose rows can conflict)."""

    def __init__(self, shapes: dict[str, TableShape], fresh: Iterable[str]) -> None:
        self.shapes = shapes
        self.fresh = set(fresh)
        self.pending: dict[str, Pending] = {}
        self.pattern = re.compile(r"\b(" + "|".join(shapes) + r")\b") if shapes else None

    def table(self, name: str) -> Pending:
        pending = self.pending.get(name)
        if pending is None:
            pending = self.pending[name] = Pending(self.shapes[name])
        return pending

    @property
    def size(self) -> int:
        """How many rows wait to be written."""
        return sum(len(p.rows) for p in self.pending.values())

    def before(self, tx: Tx, statement: str) -> None:
        """Before a statement of the view's own: writes what it may read or change."""
        if self.pattern is None:
            return
        named = set(self.pattern.findall(statement))
        self.flush(tx, named)
        self.fresh -= named

    def flush(self, tx: Tx, names: Iterable[str] | None = None) -> int:
        """Writes the pending rows (of the named tables); returns how many."""
        written = 0
        for name in list(self.pending) if names is None else names:
            pending = self.pending.pop(name, None)
            if pending is not None:
                written += self._write(tx, pending, fresh=name in self.fresh)
                self.fresh.discard(name)
        return written

    def _write(self, tx: Tx, pending: Pending, *, fresh: bool) -> int:
        shape = pending.shape
        if not fresh:
            for at, values in pending.deleted.items():
                _delete(tx, shape, shape.columns[at], sorted(values, key=repr))
        by_update: dict[Update, list[Row]] = {}
        for row, update in pending.rows.values():
            by_update.setdefault(None if fresh else update, []).append(row)
        for update, rows in by_update.items():
            if update is None:
                _load(tx, shape, rows)
            else:
                _merge(tx, shape, rows, update)
        return len(pending.rows)


def _load(tx: Tx, shape: TableShape, rows: list[Row]) -> None:
    """Rows whose keys are not stored: COPY on PostgreSQL."""
    if not tx.postgres:
        tx.cursor.executemany(tx.sql(shape.insert(None)), rows)
        return
    statement = tx.sql(f"COPY {shape.name} ({', '.join(shape.columns)}) FROM STDIN")
    with tx.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _merge(tx: Tx, shape: TableShape, rows: list[Row], update: tuple[str, ...]) -> None:
    """Rows whose keys may be stored: on PostgreSQL copied into a temporary table,
    then inserted from it with the same ON CONFLICT clause."""
    if not tx.postgres:
        tx.cursor.executemany(tx.sql(shape.insert(update)), rows)
        return
    stage = f"tandem_stage_{next(_STAGES)}"
    tx.cursor.execute(tx.sql(f"CREATE TEMP TABLE {stage} (LIKE {shape.name}) ON COMMIT DROP"))
    with tx.cursor.copy(f"COPY {stage} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    tx.cursor.execute(tx.sql(shape.insert(update, source=f"SELECT * FROM {stage}")))


def _delete(tx: Tx, shape: TableShape, column: str, values: list[Any]) -> None:
    if tx.postgres:
        tx.cursor.execute(tx.sql(f"DELETE FROM {shape.name} WHERE {column} = ANY(?)"), (values,))
    else:
        statement = tx.sql(f"DELETE FROM {shape.name} WHERE {column} = ?")
        tx.cursor.executemany(statement, [(v,) for v in values])
