"""The technical record's queries: a product's architecture decisions, decisions by
id and by item, and items' technical requirements."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from projections.adrs.render import AdrRow
from projections.engine.drivers import Driver, Row, marks
from projections.engine.instants import parse_instant

COLUMNS = (
    "adr_id, product_id, number, title, context, decision, consequences, status, "
    "supersedes_id, superseded_by_id, proposed_by, item_ids, version, decided_at"
)


def to_adr(row: Row) -> AdrRow:
    return AdrRow(
        id=row[0],
        product_id=row[1],
        number=row[2],
        title=row[3],
        context=row[4],
        decision=row[5],
        consequences=row[6],
        status=row[7],
        supersedes_id=row[8],
        superseded_by_id=row[9],
        proposed_by=row[10],
        item_ids=tuple(json.loads(row[11])),
        version=row[12],
        decided_at=parse_instant(row[13]) if row[13] else None,
    )


class AdrQueries:
    """Reads the technical record (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def architecture_decisions(
        self, product_id: str, statuses: Collection[str] | None
    ) -> list[AdrRow]:
        """By number."""
        sql = f"SELECT {COLUMNS} FROM adrs WHERE product_id = ?"
        params: list[str] = [product_id]
        if statuses is not None:
            if not statuses:
                return []
            sql += f" AND status IN ({marks(list(statuses))})"
            params += list(statuses)
        return [to_adr(r) for r in await self.driver.fetch(sql + " ORDER BY number", params)]

    async def architecture_decisions_by_id(self, ids: Sequence[str]) -> dict[str, AdrRow]:
        if not ids:
            return {}
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM adrs WHERE adr_id IN ({marks(ids)})", list(ids)
        )
        return {r[0]: to_adr(r) for r in rows}

    async def architecture_decisions_of_item(self, item_id: str) -> list[AdrRow]:
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM adrs WHERE adr_id IN "
            "(SELECT adr_id FROM adr_items WHERE item_id = ?) ORDER BY number",
            (item_id,),
        )
        return [to_adr(r) for r in rows]

    async def technical_requirements(self, item_id: str) -> list[str]:
        rows = await self.driver.fetch(
            "SELECT requirements FROM technical_requirements WHERE item_id = ?", (item_id,)
        )
        return list(json.loads(rows[0][0])) if rows else []
