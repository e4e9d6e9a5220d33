"""The planning view rewrites a product's iterations only where a decision changed
them: a product of a year's iterations has dozens, and most decisions touch none. The
rows stay those a rebuild from the whole log gives."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from api.composition import Container
from domain.commands import PlanIteration, PrioritizeItem, SetIterationCapacity
from projections.engine.view_store import Tx
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import START, Team


def iterations_written(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The iteration ids each planning_iterations write of the view sends, in order."""
    written: list[list[str]] = []
    upsert = Tx.upsert

    def spied(tx: Tx, table: str, rows: Any, update: Any = ()) -> None:
        rows = list(rows)
        if table == "planning_iterations":
            written.append([row[0] for row in rows])
        upsert(tx, table, rows, update)

    monkeypatch.setattr(Tx, "upsert", spied)
    return written


def test_a_decision_rewrites_only_the_iterations_it_changed(
    tandem: Container, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, second = team.propose("SSO login", "Guest checkout")
    for week in range(3):
        team.app.decide(
            team.eve,
            PlanIteration(
                product_id=team.product_id,
                name=f"Sprint {week + 1}",
                starts_at=START + timedelta(weeks=2 * week),
                ends_at=START + timedelta(weeks=2 * week + 2),
                capacity_points=8,
            ),
        )
    tandem.projections.catch_up()
    sprints = list(tandem.app.product(team.product_id).planned().iterations)
    written = iterations_written(monkeypatch)

    team.app.decide(team.ana, PrioritizeItem(item_id=second, rank=1, rationale="first"))
    tandem.projections.catch_up()
    team.app.decide(team.eve, SetIterationCapacity(iteration_id=sprints[1], capacity_points=5))
    tandem.projections.catch_up()

    assert [ids for ids in written if ids] == [[sprints[1]]]
    assert_same(dump(tandem.projections.store), rebuilt(tandem, one_pass=True))
