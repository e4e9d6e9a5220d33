"""The people records view's queries; each asks guard.readable first."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from projections.engine.drivers import Driver, Row, marks
from projections.engine.instants import parse_instant
from projections.people_records.guard import Caller, NotPermitted, readable
from projections.rows import Page

COLUMNS = "record_id, position, product_id, member_id, author_id, kind, at, title, body"


@dataclass(frozen=True)
class PeopleRecordRow:
    id: str
    position: int
    product_id: str
    member_id: str
    author_id: str | None
    kind: str
    at: datetime
    title: str | None
    body: str | None


def to_record(row: Row) -> PeopleRecordRow:
    values = list(row)
    values[6] = parse_instant(values[6])
    return PeopleRecordRow(*values)


class PeopleRecordQueries:
    """Reads people records for a caller (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def people_records(
        self,
        caller: Caller,
        product_id: str,
        member_id: str | None = None,
        kinds: Collection[str] | None = None,
        first: int = 50,
        before_position: int | None = None,
    ) -> Page[PeopleRecordRow]:
        """Newest first; raises NotPermitted for a caller who may read none."""
        scope = await readable(self.driver, caller, product_id)
        where, sql_params = scope.sql()
        params: list[object] = list(sql_params)
        if member_id is not None:
            where, params = where + " AND member_id = ?", [*params, member_id]
        if kinds is not None:
            if not kinds:
                return Page([], has_next=False, total=0)
            where, params = where + f" AND kind IN ({marks(list(kinds))})", [*params, *kinds]
        total = await self.driver.fetch(
            f"SELECT COUNT(*) FROM people_records WHERE {where}", params
        )
        if before_position is not None:
            where, params = where + " AND position < ?", [*params, before_position]
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM people_records WHERE {where} "
            f"ORDER BY position DESC LIMIT {int(first) + 1}",
            params,
        )
        found = [to_record(r) for r in rows]
        return Page(found[:first], has_next=len(found) > first, total=int(total[0][0]))

    async def people_record(self, caller: Caller, record_id: str) -> PeopleRecordRow | None:
        """One record, or None when it does not exist or the caller may not read it."""
        rows = await self.driver.fetch(
            "SELECT product_id FROM people_records WHERE record_id = ?", (record_id,)
        )
        if not rows:
            return None
        try:
            scope = await readable(self.driver, caller, rows[0][0])
        except NotPermitted:
            return None
        where, params = scope.sql()
        found = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM people_records WHERE record_id = ? AND {where}",
            [record_id, *params],
        )
        return to_record(found[0]) if found else None
