"""A poison event (a handler that raises) stops its view at that event, reported
with its position and error, while the other views go on; once the handler is
fixed the view resumes, and the fault is cleared."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from api.composition import Container
from domain.commands import AssignEngineer, EstimateItem, PrioritizeItem, SetCapacity
from domain.product_events import ItemEstimated
from projections.allocation.view import AllocationView
from projections.catalog import followers
from projections.engine.projections import Projections, ProjectionTimeout
from projections.engine.rebuild import rebuild
from projections.engine.runner import Fault
from projections.engine.view import View
from projections.reader import ViewReader
from tests.backends import DURABLE_BACKENDS, database_url
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import Team


@contextmanager
def poisoned(view_class: type[View], item_id: str) -> Iterator[None]:
    """The view's handler raises on the estimate of one item, every time it meets it."""
    original = view_class.handle

    def handle(self: View, event: Any, position: int, tx: Any) -> None:
        if isinstance(event, ItemEstimated) and event.item_id == item_id:
            raise ValueError("cannot allocate 'Poison pill'")
        original(self, event, position, tx)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(view_class, "handle", handle)
        yield


def wait_views(projections: Projections, views: set[str], position: int) -> None:
    """Waits on the positions of some views only (the others may be stopped)."""
    with projections.progress:
        reached = projections.progress.wait_for(
            lambda: all(projections.positions(views_only=False)[v] >= position for v in views),
            timeout=30,
        )
    assert reached, projections.positions(views_only=False)


class Poison:
    """Decisions around one poison event: what came before, it, and what came after."""

    def __init__(self, team: Team) -> None:
        sso, self.pill, self.guest = team.propose("SSO login", "Poison pill", "Guest checkout")
        self.before = team.app.decide(team.eve, EstimateItem(item_id=sso, points=3)).position or 0
        self.position = (
            team.app.decide(team.eve, EstimateItem(item_id=self.pill, points=5)).position or 0
        )
        team.app.decide(
            team.eve, AssignEngineer(item_id=self.guest, member_id=team.ids["Bo"], percent=50)
        )
        team.app.decide(team.ana, PrioritizeItem(item_id=self.guest, rank=1, rationale="quick win"))
        assert self.before + 1 == self.position  # the events of a decision are adjacent here


def faults(tandem: Container) -> list[tuple[Any, ...]]:
    with tandem.projections.store.transaction() as tx:
        return tx.fetchall("SELECT view, position, error FROM projection_faults")


async def test_a_poison_event_stops_its_view_only_and_is_reported(
    tandem: Container, team: Team, reader: ViewReader
) -> None:
    poison = Poison(team)
    head = team.head()
    projections = tandem.projections

    with poisoned(AllocationView, poison.pill):
        projections.start()
        wait_views(projections, {"backlog", "decisions"}, head)
        with pytest.raises(ProjectionTimeout) as timeout:
            projections.wait(head, timeout=30)
        (allocation,) = [r for r in projections.runners if r.name == "allocation"]
        assert allocation.fault is not None  # stopped at the poison until moved past it
        later = (
            team.app.decide(
                team.eve,
                SetCapacity(product_id=team.product_id, member_id=team.ids["Bo"], percent=60),
            ).position
            or 0
        )
        wait_views(projections, {"backlog", "decisions"}, later)
        projections.stop()

    error = "ValueError: cannot allocate 'Poison pill'"
    assert str(timeout.value) == f"view allocation stopped at position {poison.position}: {error}"
    status = {s.view: s for s in projections.status()}
    assert (status["allocation"].fault_position, status["allocation"].fault) == (
        poison.position,
        error,
    )
    assert status["allocation"].position == poison.before
    assert status["allocation"].lag == later - poison.before
    assert [(s.position, s.lag, s.fault) for s in (status["backlog"], status["decisions"])] == [
        (later, 0, None),
        (later, 0, None),
    ]
    assert faults(tandem) == [("allocation", poison.position, error)]
    assert (await reader.faults()) == {"allocation": (poison.position, error)}
    # Nothing after the poison reached the stopped view: no assignment, no capacity.
    loads = {x.member_id: x for x in await reader.allocation(team.product_id)}
    assert (loads[team.ids["Bo"]].allocated_percent, loads[team.ids["Bo"]].capacity_percent) == (
        0,
        100,
    )


def test_a_rebuild_clears_the_fault(tandem: Container, team: Team) -> None:
    poison = Poison(team)
    with poisoned(AllocationView, poison.pill), pytest.raises(Fault):
        tandem.projections.catch_up()

    position = rebuild(tandem.app, tandem.projections.store, AllocationView(tandem.app))

    assert position == team.head()
    assert faults(tandem) == []
    (allocation,) = [s for s in tandem.projections.status() if s.view == "allocation"]
    assert (allocation.position, allocation.fault) == (team.head(), None)


async def test_a_stopped_view_follows_again_once_a_fixed_rebuild_moves_it_past_the_poison(
    tandem: Container, team: Team
) -> None:
    poison = Poison(team)
    projections = tandem.projections
    with poisoned(AllocationView, poison.pill):
        projections.start()
        wait_views(projections, {"backlog", "decisions"}, team.head())
        with pytest.raises(ProjectionTimeout):
            projections.wait(team.head(), timeout=30)

    # The fixed release rebuilds the view while the stopped runner still runs.
    rebuild(tandem.app, projections.store, AllocationView(tandem.app))
    later = (
        team.app.decide(
            team.eve, SetCapacity(product_id=team.product_id, member_id=team.ids["Bo"], percent=60)
        ).position
        or 0
    )
    wait_views(projections, {r.name for r in projections.runners}, later)
    projections.stop()

    assert [(s.view, s.position, s.fault) for s in projections.status()] == [
        (view, later, None) for view in [r.name for r in projections.runners]
    ]
    assert_same(dump(tandem.projections.store), rebuilt(tandem))


def test_a_rebuild_meeting_the_poison_fails_and_leaves_the_live_view_alone(
    tandem: Container, team: Team
) -> None:
    poison = Poison(team)
    with poisoned(AllocationView, poison.pill):
        with pytest.raises(Fault):
            tandem.projections.catch_up()
        before = dump(tandem.projections.store, ("allocation",))
        with pytest.raises(Fault) as fault:
            rebuild(tandem.app, tandem.projections.store, AllocationView(tandem.app))

    assert fault.value.position == poison.position
    assert dump(tandem.projections.store, ("allocation",)) == before
    assert tandem.projections.positions()["allocation"] == poison.before


class TestRestart:
    """A restart is a fresh Projections on the same database (memory has none to share)."""

    @pytest.fixture(params=DURABLE_BACKENDS)
    def db_url(self, request: pytest.FixtureRequest) -> Iterator[str]:
        with database_url(request.param) as url:
            yield url

    def test_a_restart_still_stops_at_the_poison_and_never_skips_it(
        self, tandem: Container, team: Team
    ) -> None:
        poison = Poison(team)

        with poisoned(AllocationView, poison.pill):
            for batch_size in (500, 1, 3):
                restarted = Projections(tandem.app, followers(tandem.app), batch_size=batch_size)
                (allocation,) = [r for r in restarted.runners if r.name == "allocation"]
                with pytest.raises(Fault) as fault:
                    allocation.catch_up()
                assert fault.value.position == poison.position
                assert restarted.positions()["allocation"] == poison.before
                restarted.close()

        assert [(v, p) for v, p, _ in faults(tandem)] == [("allocation", poison.position)]

    async def test_once_fixed_a_restart_passes_the_poison_and_clears_the_fault(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        poison = Poison(team)
        with poisoned(AllocationView, poison.pill), pytest.raises(Fault):
            tandem.projections.catch_up()
        assert faults(tandem)

        fixed = Projections(tandem.app, followers(tandem.app))  # the release with the fixed handler
        head = fixed.catch_up()
        status = fixed.status()
        fixed.close()

        assert head == team.head()
        assert [(s.view, s.position, s.fault_position, s.fault) for s in status] == [
            (view, head, None, None) for view in [s.view for s in status]
        ]
        assert faults(tandem) == []
        assert await reader.faults() == {}
        loads = {x.member_id: x for x in await reader.allocation(team.product_id)}
        assert loads[team.ids["Bo"]].allocated_percent == 50
        assert_same(dump(tandem.projections.store), rebuilt(tandem))
