"""The planning rows as the view stores them: JSON, and back."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from projections.planning.rows import (
    BottleneckKind,
    BottleneckRow,
    ForecastEntry,
    ForecastRow,
    ItemLinks,
    IterationRow,
    PlanningRows,
    VelocityBasis,
)


def product_json(rows: PlanningRows) -> str:
    return json.dumps(
        {
            "wip_limit": rows.wip_limit,
            "forecast": {
                "velocity": rows.forecast.velocity,
                "basis": rows.forecast.basis,
                "entries": [
                    [e.item_id, e.cumulative_points, e.estimated] for e in rows.forecast.entries
                ],
            },
            "bottlenecks": [asdict(b) for b in rows.bottlenecks],
            "links": {k: asdict(v) for k, v in rows.links.items()},
        }
    )


def iteration_json(row: IterationRow) -> str:
    return json.dumps(asdict(row))


def iteration_from(data: str) -> IterationRow:
    values: dict[str, Any] = json.loads(data)
    for name in ("proposed", "committed", "carried_over"):
        values[name] = tuple(values[name])
    return IterationRow(**values)


def forecast_from(data: dict[str, Any]) -> ForecastRow:
    entries = tuple(ForecastEntry(i, float(c), bool(e)) for i, c, e in data["entries"])
    return ForecastRow(data["velocity"], VelocityBasis(data["basis"]), entries)


def bottlenecks_from(data: list[dict[str, Any]]) -> list[BottleneckRow]:
    return [
        BottleneckRow(**{**b, "kind": BottleneckKind(b["kind"]), "item_ids": tuple(b["item_ids"])})
        for b in data
    ]


def links_from(data: dict[str, dict[str, Any]]) -> dict[str, ItemLinks]:
    return {
        k: ItemLinks(
            depends_on=tuple(v["depends_on"]),
            dependents=tuple(v["dependents"]),
            blocked_reason=v["blocked_reason"],
            iteration_ids=tuple(v["iteration_ids"]),
        )
        for k, v in data.items()
    }
