"""One conductor thread per process drives every log follower: on PostgreSQL one
advisory lock (one connection) for the whole set; a fault in one view stops that view
only; idle, it waits for a save to wake it, from this process or another, not for a
poll."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from api.composition import Container, build
from api.settings import Settings
from domain.commands import EstimateItem, ProposeItem
from domain.product_events import ItemEstimated
from projections.backlog.view import BacklogView
from projections.catalog import FOLLOWER_NAMES, followers
from projections.engine.projections import Projections
from projections.engine.view import View
from tests.backends import DURABLE_BACKENDS, POSTGRES_URL, database_url
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import Team
from tests.projections.test_poison import wait_views

IDLE = 120.0
"""A fallback look far longer than any wait below: only a wake-up can move the views."""


def idle_container(url: str) -> Container:
    return build(Settings(database_url=url, admin_token="x", poll_interval=IDLE))


@pytest.fixture(params=DURABLE_BACKENDS)
def durable_url(request: pytest.FixtureRequest) -> Iterator[str]:
    with database_url(request.param) as url:
        yield url


def advisory_locks(schema: str) -> dict[str, int]:
    """How many sessions hold each of Tandem's projection locks on `schema`: the one
    lock of the whole set, and the per-view ones an older release took."""
    names = ("projections", "webhook-dispatch", *FOLLOWER_NAMES)
    keys = {zlib.crc32(f"tandem:{schema}:{name}".encode()): name for name in names}
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
        ).fetchall()
    held: dict[str, int] = {}
    for (key,) in rows:
        if key in keys:
            held[keys[key]] = held.get(keys[key], 0) + 1
    return held


@pytest.mark.postgres
def test_one_lock_connection_per_process_and_one_worker_among_processes() -> None:
    with database_url("postgres") as url:
        schema = url.rsplit("schema=", 1)[1]
        first, second = idle_container(url), idle_container(url)
        try:
            team = Team.gather(first.app)
            first.start_views()
            first.projections.wait(team.head(), timeout=30)
            second.start_views()
            team.propose("SSO login")
            second.projections.wait(team.head(), timeout=30)

            assert advisory_locks(schema) == {"projections": 1}
            assert first.projections.conductor.holding
            assert not second.projections.conductor.holding
        finally:
            first.close()
            second.close()
        assert advisory_locks(schema) == {}


def test_idle_views_wake_at_a_save_by_another_process(durable_url: str) -> None:
    """The other application writes through its own connections: on PostgreSQL its
    save NOTIFYs; on SQLite it changes the file's data_version. Neither calls `wake`."""
    follower, writer = idle_container(durable_url), idle_container(durable_url)
    try:
        team = Team.gather(writer.app)
        follower.projections.start()
        follower.projections.wait(team.head(), timeout=30)

        team.propose("SSO login")  # nothing woke by hand; the fallback is minutes away

        follower.projections.wait(team.head(), timeout=10)
    finally:
        follower.close()
        writer.close()


def test_a_fault_in_one_view_stops_that_view_only(
    tandem: Container, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    (pill,) = team.propose("Poison pill")
    original = BacklogView.handle

    def handle(self: View, event: Any, position: int, tx: Any) -> None:
        if isinstance(event, ItemEstimated) and event.item_id == pill:
            raise ValueError("cannot rank 'Poison pill'")
        original(self, event, position, tx)

    monkeypatch.setattr(BacklogView, "handle", handle)
    projections = tandem.projections
    tandem.start_views()
    poison = team.app.decide(team.eve, EstimateItem(item_id=pill, points=5)).position or 0
    later = (
        team.app.decide(
            team.ana, ProposeItem(product_id=team.product_id, title="Guest checkout")
        ).position
        or 0
    )
    others = {r.name for r in projections.runners} - {"backlog"}

    wait_views(projections, others, later)

    (backlog,) = [r for r in projections.runners if r.name == "backlog"]
    assert backlog.fault is not None and backlog.fault.position == poison
    assert projections.positions()["backlog"] == poison - 1
    assert projections.running


def test_a_step_realigns_the_followers_another_worker_moved_on(durable_url: str) -> None:
    """Both apply the same small batches; the second's commit meets the tracking check
    in each follower's savepoint and realigns, applying nothing twice."""
    tandem = idle_container(durable_url)
    try:
        team = Team.gather(tandem.app)
        other = Projections(tandem.app, followers(tandem.app))
        head = other.catch_up()
        other.close()

        tandem.projections.conductor.step()

        assert set(tandem.projections.positions(views_only=False).values()) == {head}
        assert [r.name for r in tandem.projections.runners if r.fault] == []
        assert_same(dump(tandem.projections.store), rebuilt(tandem))
        assert team.head() == head
    finally:
        tandem.close()
