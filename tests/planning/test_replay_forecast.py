"""`tandem replay --as-of` prints the forecast under the backlog, as it stood then."""

from __future__ import annotations

import pytest

from api.composition import build
from api.settings import Settings
from domain.actor import Actor
from domain.commands import EstimateItem, PlanIteration
from tests.given import Clock
from tests.time_travel.test_replay_command import MONDAY, PRIORITIZED, Store, replay, store

__all__ = ["store"]


def test_the_forecast_follows_the_backlog_as_of_an_instant(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert replay(store, "--as-of", PRIORITIZED.isoformat()) == 0
    before = capsys.readouterr().out
    assert "Forecast: no velocity yet" in before
    assert "  3. Guest checkout: 2.5 points, no date" in before
    assert "  1. Apple Pay: 0 points, unestimated" in before


def test_the_forecast_uses_the_planned_capacity_once_an_iteration_is_planned(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    tandem = build(Settings(database_url=store.url, admin_token="x"), clock=Clock(PRIORITIZED))
    try:
        product = tandem.app.product(store.product_id)
        ben = Actor.member(next(m for m, r in product.roles.items() if "ENGINEERING_MANAGER" in r))
        apple = product.order[0]
        tandem.app.decide(ben, EstimateItem(item_id=apple, points=3))
        tandem.app.decide(
            ben,
            PlanIteration(
                product_id=store.product_id,
                name="Sprint 1",
                starts_at=MONDAY,
                ends_at=MONDAY.replace(day=16),
                capacity_points=2,
            ),
        )
        at = tandem.app.clock()
    finally:
        tandem.close()
    assert replay(store, "--as-of", at.isoformat()) == 0
    output = capsys.readouterr().out
    assert "Forecast at 2 points per iteration (PLANNED_CAPACITY):" in output
    assert "  1. Apple Pay: 3 points, 2 iterations away" in output
    assert "  3. Guest checkout: 5.5 points, 3 iterations away" in output
