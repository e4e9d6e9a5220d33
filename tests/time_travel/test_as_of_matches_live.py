"""Property: for any instant T, backlog(asOf: T) and allocation(asOf: T) are what the
live side showed right after the last decision recorded at or before T.

Seeded random histories (tests/time_travel/scenario.py), with snapshots every 3
versions and with snapshots disabled, on every backend. In the "live" mode the
views follow after every decision (batches of one event) and the captures are
checked against the view tables too; in the "batched" mode the views catch up once
at the end, so one batch carries many decisions of the same product.
"""

from __future__ import annotations

import pytest

from projections.engine.instants import parse_instant
from tests.backends import BACKENDS, database_url
from tests.time_travel.scenario import EVERY_STATUS, Scenario, item_states, load_states, scenario

SNAPSHOTS = [pytest.param(3, id="snapshots-every-3"), pytest.param(0, id="no-snapshots")]
MODES = [pytest.param(True, id="live"), pytest.param(False, id="batched")]


def check_recorded_instants(story: Scenario) -> None:
    """Decision.at is the running maximum of the decisions' timestamps, so it never
    decreases along a product's log, even where the clock stepped back."""
    for product_id, moments in story.moments.items():
        with story.tandem.projections.store.transaction() as tx:
            rows = tx.fetchall(
                "SELECT version, at FROM decisions WHERE product_id = ? ORDER BY position",
                (product_id,),
            )
        assert [(v, parse_instant(at)) for v, at in rows] == [
            (m.version, m.recorded) for m in moments
        ]
        ats = [parse_instant(at) for _, at in rows]
        assert ats == sorted(ats)


def check_as_of(story: Scenario, extra_instants: int) -> int:
    """Compares every sampled instant; returns how many comparisons were made. Every
    fourth instant also asks the ranked backlog and a page, first at times, so items
    decoded lazily for the page are read again by the full backlog."""
    travel = story.tandem.time_travel
    compared = 0
    for n, at in enumerate(story.sample_instants(extra_instants)):
        for product_id in story.product_ids:
            moment = story.expected(product_id, at)
            expected = () if moment is None else moment.backlog
            ranked = tuple(s for s in expected if s[1] is not None)
            if n % 4 == 0:
                page = travel.backlog_page(product_id, at, first=3, offset=1)
                assert item_states(page.rows) == ranked[1:4], (product_id, at)
                assert (page.total, page.has_next) == (len(ranked), len(ranked) > 4)
                assert item_states(travel.backlog(product_id, at)) == ranked
            backlog = item_states(travel.backlog(product_id, at, EVERY_STATUS))
            allocation = load_states(travel.allocation(product_id, at))
            assert backlog == expected, (product_id, at, moment and moment.version)
            assert allocation == (() if moment is None else moment.allocation), (product_id, at)
            compared += 1
    return compared


def run_property(
    backend: str, seed: int, snapshot_interval: int, catch_up_each: bool, decisions: int
) -> None:
    with (
        database_url(backend) as url,
        scenario(
            url, seed=seed, snapshot_interval=snapshot_interval, catch_up_each=catch_up_each
        ) as story,
    ):
        story.run(decisions)
        check_recorded_instants(story)
        compared = check_as_of(story, extra_instants=10)
        assert compared > 4 * decisions
        if snapshot_interval:
            versions = [m.version for m in story.moments[story.product_ids[0]]]
            assert max(versions) > 3 * snapshot_interval, "the history outgrew no snapshot"


@pytest.mark.parametrize("catch_up_each", MODES)
@pytest.mark.parametrize("snapshot_interval", SNAPSHOTS)
@pytest.mark.parametrize("backend", BACKENDS)
def test_as_of_is_the_live_view_after_the_last_decision_at_or_before(
    backend: str, snapshot_interval: int, catch_up_each: bool
) -> None:
    seed = 11 + 2 * snapshot_interval + int(catch_up_each)
    run_property(backend, seed, snapshot_interval, catch_up_each, decisions=40)


@pytest.mark.stress
# One of these once failed on a loaded machine and never again (37 runs of it at load
# averages 12-51 on 2 cores passed): it is single-threaded and its seed pins its
# history, so the machine's only way to fail it is the suite's 300 s timeout. It
# takes about 6 s of CPU; at load 34 one run took 228 s of wall time.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("seed", range(100, 104))
@pytest.mark.parametrize("snapshot_interval", [*SNAPSHOTS, pytest.param(1, id="every-1")])
@pytest.mark.parametrize("backend", BACKENDS)
def test_as_of_matches_live_on_longer_histories(
    backend: str, snapshot_interval: int, seed: int
) -> None:
    run_property(backend, seed, snapshot_interval, catch_up_each=seed % 2 == 0, decisions=400)


def story_told(seed: int, decisions: int) -> list[tuple[object, ...]]:
    """What was decided, in order, with the random ids left out: event types, the
    product's version, when it was recorded, and ranks, statuses and percents."""
    with scenario("memory://", seed=seed, snapshot_interval=0, catch_up_each=False) as story:
        story.run(decisions)
        assert story.members is not None
        engineer = {member: n for n, member in enumerate(story.members.engineers)}
        told = []
        for n, product_id in enumerate(story.product_ids):
            for moment in story.moments[product_id]:
                shape = [
                    (s[1], s[2], s[3], sorted((engineer[m], p) for m, p in s[4]))
                    for s in moment.backlog
                ]
                told.append((n, moment.version, moment.recorded, shape))
        return told


def test_a_seed_tells_the_same_story_every_time() -> None:
    """So that a failing seed can be run again (ids are random; choices must not
    depend on them)."""
    assert story_told(103, 400) == story_told(103, 400)
