"""The risk view's queries: a product's register, risks by id, and by item."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from projections.engine.drivers import Driver, Row, marks
from projections.engine.instants import parse_instant
from projections.risks.render import RiskRow

COLUMNS = (
    "risk_id, product_id, number, kind, title, description, likelihood, impact, status, "
    "raised_by, item_ids, version, raised_at, resolved_at"
)


def to_risk(row: Row) -> RiskRow:
    return RiskRow(
        id=row[0],
        product_id=row[1],
        number=row[2],
        kind=row[3],
        title=row[4],
        description=row[5],
        likelihood=row[6],
        impact=row[7],
        status=row[8],
        raised_by=row[9],
        item_ids=tuple(json.loads(row[10])),
        version=row[11],
        raised_at=parse_instant(row[12]),
        resolved_at=parse_instant(row[13]) if row[13] else None,
    )


class RiskQueries:
    """Reads the risk view (one part of projections.reader.ViewReader)."""

    driver: Driver

    async def risks(self, product_id: str, statuses: Collection[str] | None) -> list[RiskRow]:
        """The register, highest exposure first, then by number."""
        sql = f"SELECT {COLUMNS} FROM risks WHERE product_id = ?"
        params: list[str] = [product_id]
        if statuses is not None:
            if not statuses:
                return []
            sql += f" AND status IN ({marks(list(statuses))})"
            params += list(statuses)
        rows = await self.driver.fetch(sql + " ORDER BY exposure DESC, number", params)
        return [to_risk(r) for r in rows]

    async def risks_by_id(self, ids: Sequence[str]) -> dict[str, RiskRow]:
        if not ids:
            return {}
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM risks WHERE risk_id IN ({marks(ids)})", list(ids)
        )
        return {r[0]: to_risk(r) for r in rows}

    async def risks_of_item(self, item_id: str) -> list[RiskRow]:
        """The risks that concern an item, highest exposure first, then by number."""
        rows = await self.driver.fetch(
            f"SELECT {COLUMNS} FROM risks WHERE risk_id IN "
            "(SELECT risk_id FROM risk_items WHERE item_id = ?) ORDER BY exposure DESC, number",
            (item_id,),
        )
        return [to_risk(r) for r in rows]
