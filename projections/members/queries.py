"""The member directory's queries: the administrator's list, and each member's e-mail
for the administrator and the member themself only (decided here, for every read)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from projections.engine.drivers import Driver, fetch_in
from projections.people_records.guard import Caller, NotPermitted
from projections.rows import Page


@dataclass(frozen=True)
class DirectoryRow:
    id: str
    name: str
    active: bool


class MemberDirectoryQueries:
    """Reads the member directory (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def directory(
        self, caller: Caller, search: str | None, first: int, offset: int
    ) -> Page[DirectoryRow]:
        """Every member by name (administrator only); `search` matches a substring of
        the name or e-mail, ignoring case."""
        if not caller.is_admin:
            raise NotPermitted("only the administrator may list the members")
        where, params = "1 = 1", []
        if search:
            pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%") + "%"
            pattern = pattern.replace("_", "\\_") if "_" in search else pattern
            where = "(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\')"
            params = [pattern, pattern]
        total = await self.driver.fetch(
            f"SELECT COUNT(*) FROM member_directory WHERE {where}", params
        )
        rows = await self.driver.fetch(
            f"SELECT member_id, name, active FROM member_directory WHERE {where} "
            f"ORDER BY LOWER(name), member_id LIMIT {int(first) + 1} OFFSET {int(offset)}",
            params,
        )
        found = [DirectoryRow(r[0], r[1], bool(r[2])) for r in rows]
        return Page(found[:first], has_next=len(found) > first, total=int(total[0][0]))

    async def activity(self, ids: Sequence[str]) -> dict[str, bool]:
        """Whether each member is active (everyone who may see the member sees this)."""
        rows = await fetch_in(
            self.driver, "SELECT member_id, active FROM member_directory WHERE member_id", ids
        )
        return {r[0]: bool(r[1]) for r in rows}

    async def forgotten(self, ids: Sequence[str]) -> dict[str, bool]:
        """Whether each member was forgotten (everyone who may see the member sees this)."""
        rows = await fetch_in(
            self.driver, "SELECT member_id FROM forgotten_members WHERE member_id", ids
        )
        gone = {r[0] for r in rows}
        return {i: i in gone for i in ids}

    async def email_of(self, caller: Caller, member_id: str) -> str | None:
        """The member's e-mail for the administrator and the member themself; None for
        anyone else."""
        if not caller.is_admin and caller.member_id != member_id:
            return None
        rows = await self.driver.fetch(
            "SELECT email FROM member_directory WHERE member_id = ?", (member_id,)
        )
        return str(rows[0][0]) if rows and rows[0][0] is not None else None
