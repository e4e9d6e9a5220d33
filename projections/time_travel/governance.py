"""Risks, architecture decisions and technical requirements as they stood at a past
instant: the product rebuilt at that instant, rendered by the views' own folds."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from projections.adrs.render import AdrRow, adr_rows, requirements
from projections.risks.render import RiskRow, by_exposure, risk_rows
from projections.time_travel.service import TimeTravel


def risks_at(
    travel: TimeTravel, product_id: str, at: datetime, statuses: Collection[str] | None
) -> list[RiskRow]:
    product = travel.product_at(product_id, at)
    return [] if product is None else by_exposure(risk_rows(product), statuses)


def adrs_at(
    travel: TimeTravel, product_id: str, at: datetime, statuses: Collection[str] | None = None
) -> list[AdrRow]:
    product = travel.product_at(product_id, at)
    return [] if product is None else adr_rows(product, statuses)


def requirements_at(travel: TimeTravel, product_id: str, at: datetime, item_id: str) -> list[str]:
    product = travel.product_at(product_id, at)
    return [] if product is None else requirements(product).get(item_id, [])


def window(
    travel: TimeTravel, product_id: str, from_: datetime, to: datetime
) -> tuple[list[RiskRow], list[RiskRow], list[AdrRow]]:
    """For a retrospective of (from, to]: the risks raised and resolved in it (by
    number), and the architecture decisions accepted, rejected or superseded in it."""
    product = travel.product_at(product_id, to)
    if product is None:
        return [], [], []
    risks = risk_rows(product)
    raised = [r for r in risks if from_ < r.raised_at <= to]
    resolved = [r for r in risks if r.resolved_at is not None and from_ < r.resolved_at <= to]
    decided = [a for a in adr_rows(product) if a.decided_at and from_ < a.decided_at <= to]
    return raised, resolved, decided
