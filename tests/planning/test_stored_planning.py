"""The planning view built from the stored planning story (tests/fixtures/events/
planning-v1.json) on every backend: what it shows, and that a rebuild from the whole log
gives the same rows (the view is exactly once and rebuildable)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.composition import Container
from tests.backends import BACKENDS, database_url
from tests.projections.tables import assert_same, dump, rebuilt
from tests.projections.team import container
from tests.reliability.test_schema_evolution import FIXTURES, fixtures, stored_event

STORY = [FIXTURES / "planning-v1.json"]


@pytest.fixture(params=BACKENDS)
def loaded(request: pytest.FixtureRequest) -> Iterator[Container]:
    with database_url(request.param) as url:
        tandem = container(url)
        try:
            app = tandem.app
            assert app.snapshots is not None
            app.recorder.insert_events(
                [stored_event(e) for k, e in fixtures(STORY) if k == "event"]
            )
            app.snapshots.recorder.insert_events(
                [stored_event(e) for k, e in fixtures(STORY) if k == "snapshot"]
            )
            tandem.projections.catch_up()
            yield tandem
        finally:
            tandem.close()


async def test_the_stored_planning_story_builds_the_planning_view(loaded: Container) -> None:
    reader = loaded.reader()
    try:
        (checkout,) = await reader.products()
        (iteration,) = (await reader.iterations_of([checkout.id]))[checkout.id]
        planning = (await reader.planning([checkout.id]))[checkout.id]
        items = {r.id: r.title for r in (await reader.backlog(checkout.id, None, 50, 0)).rows}
    finally:
        await reader.close()
    assert (iteration.name, iteration.status, iteration.capacity_points) == (
        "Sprint 1",
        "CLOSED",
        7,
    )
    assert (iteration.committed_points, iteration.delivered_points) == (8, 0)
    assert [items[i] for i in iteration.carried_over] == ["SSO login", "Guest checkout"]
    assert planning.wip_limit == 2
    assert (planning.forecast.velocity, planning.forecast.basis) == (0, "CLOSED_ITERATIONS")
    guest = next(i for i, t in items.items() if t == "Guest checkout")
    assert [items[i] for i in planning.links[guest].depends_on] == ["SSO login"]
    assert planning.links[guest].blocked_reason is None
    assert_same(dump(loaded.projections.store), rebuilt(loaded))
