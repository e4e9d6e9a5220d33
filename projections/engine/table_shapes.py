"""The shape of each view table (its columns and primary key), read from its DDL, so a
view writes rows by table and the engine chooses how: one statement per batch while
following the log, COPY or prepared executemany while rebuilding (bulk_writes)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

Row = tuple[Any, ...]
Update = tuple[str, ...] | None
"""What writing a row whose key is taken does: None fails (a plain INSERT), () keeps
the stored row (DO NOTHING), column names update those columns (DO UPDATE)."""

_TABLE = re.compile(
    r"CREATE TABLE IF NOT EXISTS (\w+)\s*\((.*)\)(?:\s*WITHOUT ROWID)?\s*$", re.DOTALL
)
_CONSTRAINTS = {"PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT"}


@dataclass(frozen=True)
class TableShape:
    """A table's columns, in their DDL order (the order of a row), and its primary key."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    key_of: Callable[[Row], Any] = field(init=False, repr=False, compare=False)
    """A row's key: its key column's value, or a tuple of its key columns' values."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key_of", itemgetter(*self.at(self.key)) if self.key else tuple)

    def at(self, columns: Sequence[str]) -> tuple[int, ...]:
        """Where the named columns are in a row."""
        missing = [c for c in columns if c not in self.columns]
        if missing:
            raise ValueError(f"{self.name} has no column {', '.join(missing)}")
        return tuple(self.columns.index(c) for c in columns)

    def arranged(self, columns: Sequence[str]) -> Callable[[Row], Row]:
        """Puts a row of the named columns in the table's order (the others NULL)."""
        at = [columns.index(c) if c in columns else None for c in self.columns]
        return lambda row: tuple(None if i is None else row[i] for i in at)

    def insert(self, update: Update, source: str = "") -> str:
        """The INSERT of a row (or, given `source`, of a SELECT's rows) with '?' marks."""
        values = source or f"VALUES ({', '.join('?' * len(self.columns))})"
        statement = f"INSERT INTO {self.name} {values}"
        if update is None:
            return statement
        if not update:
            return f"{statement} ON CONFLICT DO NOTHING"
        changes = ", ".join(f"{c} = excluded.{c}" for c in update)
        return f"{statement} ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {changes}"


def table_shapes(statements: Sequence[str]) -> dict[str, TableShape]:
    """The shape of every table the statements create (their indexes are skipped)."""
    shapes = {}
    for statement in statements:
        match = _TABLE.search(statement)
        if match is not None:
            shapes[match.group(1)] = _shape(match.group(1), match.group(2))
    return shapes


def _shape(name: str, body: str) -> TableShape:
    columns: list[str] = []
    key: tuple[str, ...] = ()
    for part in _top_level(body):
        words = part.split()
        if words[0].upper() == "PRIMARY":
            key = tuple(c.strip() for c in part[part.index("(") + 1 : part.rindex(")")].split(","))
        elif words[0].upper() not in _CONSTRAINTS:
            columns.append(words[0])
            if "PRIMARY KEY" in part.upper():
                key = (words[0],)
    return TableShape(name, tuple(columns), key)


def _top_level(body: str) -> list[str]:
    """The comma-separated parts of a column list, commas inside parentheses kept."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(body[start:i].strip())
            start = i + 1
    parts.append(body[start:].strip())
    return [p for p in parts if p]
