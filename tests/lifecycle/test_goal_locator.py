"""A goal names its product on the write side, as an item does: setGoal saves the goal's
locator in the same save, so the goal decisions find their product with no dependency
on a view; goals set before goals had locators are still found through the views."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.actor import Actor
from domain.commands import SetGoal
from domain.errors import NotFound
from domain.vocabulary import Role
from tests.api.harness import Api
from tests.backends import BACKENDS, database_url
from tests.given import Clock, Team, open_ledger
from tests.lifecycle.graphql import decide


def set_goal(team: Team, title: str) -> str:
    team.app.decide(team.ana, SetGoal(product_id=team.product_id, title=title))
    return team.app.product(team.product_id).goals[-1].id


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_goal_names_its_product_from_the_write_side(backend: str) -> None:
    with database_url(backend) as url:
        app = open_ledger(url, Clock())
        team = Team.gather(app)
        head = app.recorder.max_notification_id() or 0
        goal = set_goal(team, "Churn -2%")
        assert (app.recorder.max_notification_id() or 0) - head == 2  # the goal and its locator
        assert app.product_of_goal(goal) == team.product_id
        item = team.propose("SSO login")[0]
        for other in (item, team.product_id, "5d0c3a2e-9a53-4d1e-9a34-1d2b1b8f0c11"):
            with pytest.raises(NotFound):
                app.product_of_goal(other)
        app.close()
        if backend != "memory":  # a fresh service on the same store: nothing cached
            again = open_ledger(url, Clock())
            assert again.product_of_goal(goal) == team.product_id
            again.close()


async def test_goal_decisions_do_not_ask_the_views_for_the_goals_product(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.tandem.decide(api.actor("Ana"), SetGoal(product_id=api.product_id, title="Churn -2%"))
    goal = api.tandem.product(api.product_id).goals[-1].id

    async def not_asked(ids: list[str]) -> dict[str, str]:
        raise AssertionError("the views were asked for a goal's product")

    monkeypatch.setattr(api.services.reader, "products_of_goals", not_asked)
    revised = await decide(
        api, "reviseGoal", "Ana", goalId=goal, title="Churn -3%", rationale="Board asked"
    )
    assert revised["goal"]["title"] == "Churn -3%"


async def test_a_goal_set_before_goals_had_locators_is_found_in_the_views(api: Api) -> None:
    # Recorded as before this change: the GoalSet saved alone, without its locator.
    product = api.tandem.product(api.product_id)
    command = SetGoal(product_id=api.product_id, title="Legacy goal").checked()
    at = datetime.now(UTC)
    product.decide_as(Role.PRODUCT_OWNER, Actor.member(api.ids["Ana"]), command, at)
    api.tandem.save(product)
    goal = api.tandem.product(api.product_id).goals[-1].id
    with pytest.raises(NotFound):
        api.tandem.product_of_goal(goal)
    await api.settled()
    changed: dict[str, Any] = await decide(
        api, "changeGoalStatus", "Ana", goalId=goal, status="ACHIEVED", rationale="Done"
    )
    assert changed["goal"]["status"] == "ACHIEVED"
