"""Lag (log head minus processed position) in status(), and read-your-writes:
wait(position, timeout) returns once every view is there, or says why not."""

from __future__ import annotations

import time

import pytest

from api.composition import Container
from domain.commands import PrioritizeItem
from projections.catalog import followers
from projections.engine.projections import Projections, ProjectionTimeout
from tests.projections.team import Team


def test_status_shows_each_views_lag_behind_the_head(tandem: Container, team: Team) -> None:
    team.propose("SSO login", "Guest checkout", "Apple Pay")
    head = team.head()
    projections = Projections(tandem.app, followers(tandem.app), batch_size=5)
    backlog, allocation, *_ = projections.runners

    before = {s.view: s for s in projections.status()}
    backlog.run_once()
    allocation.catch_up()
    after = {s.view: s for s in projections.status()}

    assert {(s.position, s.head, s.lag) for s in before.values()} == {(0, head, head)}
    assert after["backlog"].position == backlog.position > 0
    others = [name for name in after if name not in ("backlog", "allocation")]
    assert [(s.view, s.lag) for s in after.values()] == [
        ("backlog", head - backlog.position),
        ("allocation", 0),
        *[(name, head) for name in others],
    ]
    projections.close()


def test_wait_returns_at_once_when_the_views_are_there(tandem: Container, team: Team) -> None:
    (sso,) = team.propose("SSO login")
    outcome = team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=1, rationale="first"))
    tandem.projections.catch_up()
    started = time.monotonic()

    tandem.projections.wait(outcome.position or 0, timeout=5)

    assert time.monotonic() - started < 1
    assert {s.lag for s in tandem.projections.status()} == {0}


def test_wait_times_out_naming_the_views_behind(tandem: Container, team: Team) -> None:
    team.propose("SSO login")
    head = team.head()
    backlog = tandem.projections.runners[0]
    backlog.catch_up()  # only the backlog is there; nothing runs the others

    with pytest.raises(ProjectionTimeout) as timeout:
        tandem.projections.wait(head, timeout=0.2)

    behind = {s.view: 0 for s in tandem.projections.status() if s.view != "backlog"}
    assert str(timeout.value) == f"views did not reach position {head} within 0.2s: {behind}"


def test_followers_catch_up_with_a_burst_and_the_lag_returns_to_zero(
    tandem: Container, team: Team
) -> None:
    tandem.start_views()
    ids = team.propose(*[f"Item {n}" for n in range(40)])
    for n, item in enumerate(ids):
        team.app.decide(team.ana, PrioritizeItem(item_id=item, rank=1 + n % 7, rationale="shuffle"))

    tandem.projections.wait(team.head(), timeout=30)

    assert {s.lag for s in tandem.projections.status()} == {0}
