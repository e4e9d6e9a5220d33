"""The forecast under `tandem replay --as-of`'s backlog: the same fold as the
forecast view, over the product as it stood then, as plain lines."""

from __future__ import annotations

from domain.product import Product
from projections.planning.forecast import forecast_row, iterations_away


def forecast_lines(product: Product | None) -> list[str]:
    if product is None:
        return []
    row = forecast_row(product)
    if row.velocity is None:
        head = "Forecast: no velocity yet (no closed or planned iteration)"
    else:
        head = f"Forecast at {row.velocity:g} points per iteration ({row.basis})"
    lines = [head + ":"]
    for rank, entry in enumerate(row.entries, start=1):
        title = product.items[entry.item_id].title
        away = iterations_away(entry, row.velocity)
        if not entry.estimated:
            when = "unestimated"
        elif away is None:
            when = "no date"
        else:
            when = f"{away} iteration{'s' if away > 1 else ''} away"
        lines.append(f"  {rank}. {title}: {entry.cumulative_points:g} points, {when}")
    return lines
