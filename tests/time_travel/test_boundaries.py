"""Where an instant cuts the log: at a decision (included), a microsecond before it
(excluded), before the product existed, in the future, and in other time zones.

Given Ana (Product Owner), Ben (Engineering Manager) and Cleo (engineer) deciding
on "Tandem Web" at known instants, with microseconds, on every backend.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest

from api.composition import Container, build
from api.settings import Settings
from domain.actor import Actor
from domain.commands import (
    AssignEngineer,
    CreateProduct,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RegisterMember,
)
from domain.product import Product
from domain.vocabulary import Role
from projections.decisions.sync_queries import decisions_between
from projections.rows import ItemRow, MemberLoadRow
from tests.time_travel.scenario import EVERY_STATUS, SteppingClock

CREATED = datetime(2026, 11, 2, 9, 0, 0, 1, tzinfo=UTC)
GRANTED = datetime(2026, 11, 2, 9, 0, 1, tzinfo=UTC)
PROPOSED = datetime(2026, 11, 2, 9, 5, 0, 123456, tzinfo=UTC)
APPLE_PAY = datetime(2026, 11, 2, 9, 6, tzinfo=UTC)
PRIORITIZED = datetime(2026, 11, 2, 10, 0, 0, 654321, tzinfo=UTC)
ASSIGNED = datetime(2026, 11, 2, 10, 30, 0, 7, tzinfo=UTC)
ESTIMATED = datetime(2026, 11, 2, 11, 0, tzinfo=UTC)
REESTIMATED = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
BERLIN_SUMMER = timezone(timedelta(hours=2))


@dataclass
class TandemWeb:
    tandem: Container
    clock: SteppingClock
    product_id: str
    sso: str
    guest: str
    apple_pay: str
    ana: Actor
    ben: Actor
    cleo: str

    def at(self, instant: datetime) -> TandemWeb:
        self.clock.now = instant
        return self

    def titles(self, at: datetime) -> list[str]:
        return [row.title for row in self.tandem.time_travel.backlog(self.product_id, at)]

    def backlog(self, at: datetime) -> list[ItemRow]:
        return self.tandem.time_travel.backlog(self.product_id, at, EVERY_STATUS)

    def allocation(self, at: datetime) -> list[MemberLoadRow]:
        return self.tandem.time_travel.allocation(self.product_id, at)


@pytest.fixture(scope="module")
def web(shared_db_url: str) -> Iterator[TandemWeb]:
    """Read-only tests share one story per backend."""
    with tandem_web(shared_db_url) as story:
        yield story


@pytest.fixture
def fresh_web(db_url: str) -> Iterator[TandemWeb]:
    """For tests that decide more."""
    with tandem_web(db_url) as story:
        yield story


@contextmanager
def tandem_web(db_url: str) -> Iterator[TandemWeb]:
    clock = SteppingClock(CREATED)
    tandem = build(Settings(database_url=db_url, admin_token="x", snapshot_interval=2), clock=clock)
    app, admin = tandem.app, Actor.admin()
    try:
        ids = {
            name: app.decide(
                admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
            ).member_id
            for name in ("Ana", "Ben", "Cleo")
        }
        product_id = app.decide(
            admin, CreateProduct(name="Tandem Web", vision="Pairs ship together")
        ).product_id
        clock.now = GRANTED
        for name, role in (
            ("Ana", Role.PRODUCT_OWNER),
            ("Ben", Role.ENGINEERING_MANAGER),
            ("Cleo", Role.ENGINEER),
        ):
            app.decide(admin, GrantRole(product_id=product_id, member_id=ids[name], role=role))
        ana, ben = Actor.member(ids["Ana"]), Actor.member(ids["Ben"])
        clock.now = PROPOSED
        sso, guest = (
            app.decide(ana, ProposeItem(product_id=product_id, title=title)).item_id or ""
            for title in ("SSO login", "Guest checkout")
        )
        clock.now = APPLE_PAY
        apple_pay = (
            app.decide(ana, ProposeItem(product_id=product_id, title="Apple Pay")).item_id or ""
        )
        clock.now = PRIORITIZED
        app.decide(
            ana, PrioritizeItem(item_id=apple_pay, rank=1, rationale="Launch partner needs it")
        )
        clock.now = ASSIGNED
        app.decide(ben, AssignEngineer(item_id=sso, member_id=ids["Cleo"], percent=50))
        clock.now = ESTIMATED
        app.decide(ben, EstimateItem(item_id=sso, points=3))
        clock.now = REESTIMATED
        app.decide(
            ben, EstimateItem(item_id=sso, points=5, rationale="Okta is harder than it looks")
        )
        tandem.projections.catch_up()
        yield TandemWeb(tandem, clock, product_id, sso, guest, apple_pay, ana, ben, ids["Cleo"])
    finally:
        tandem.close()


def current(web: TandemWeb) -> tuple[list[ItemRow], list[MemberLoadRow]]:
    """The live views, read the way GraphQL reads them."""

    async def read() -> tuple[list[ItemRow], list[MemberLoadRow]]:
        reader = web.tandem.reader()
        try:
            page = await reader.backlog(web.product_id, None, 100, 0)
            return page.rows, await reader.allocation(web.product_id)
        finally:
            await reader.close()

    return asyncio.run(read())


class TestWhereAnInstantCuts:
    def test_as_of_a_decisions_instant_includes_it(self, web: TandemWeb) -> None:
        assert web.titles(PRIORITIZED) == ["Apple Pay", "SSO login", "Guest checkout"]

    def test_one_microsecond_before_a_decision_excludes_it(self, web: TandemWeb) -> None:
        assert web.titles(PRIORITIZED - MICROSECOND) == ["SSO login", "Guest checkout", "Apple Pay"]

    def test_decisions_at_the_same_instant_are_in_or_out_together(self, web: TandemWeb) -> None:
        assert web.titles(PROPOSED) == ["SSO login", "Guest checkout"]
        assert web.titles(PROPOSED - MICROSECOND) == []

    def test_before_the_product_existed_there_is_nothing(self, web: TandemWeb) -> None:
        travel = web.tandem.time_travel
        before = CREATED - MICROSECOND
        assert travel.product_at(web.product_id, before) is None
        assert web.backlog(before) == []
        assert web.allocation(before) == []
        assert travel.product_at(web.product_id, CREATED) is not None

    def test_in_the_future_it_is_the_current_view(self, web: TandemWeb) -> None:
        backlog, allocation = current(web)
        future = datetime(2100, 1, 1, tzinfo=UTC)
        assert web.tandem.time_travel.backlog(web.product_id, future) == backlog
        assert web.allocation(future) == allocation
        assert [row.title for row in backlog] == ["Apple Pay", "SSO login", "Guest checkout"]

    def test_item_fields_show_their_values_at_the_instant(self, web: TandemWeb) -> None:
        def sso(at: datetime) -> ItemRow:
            return next(row for row in web.backlog(at) if row.id == web.sso)

        assert sso(ASSIGNED - MICROSECOND).assignments == ()
        assert [(a.member_id, a.percent) for a in sso(ASSIGNED).assignments] == [(web.cleo, 50)]
        assert sso(ESTIMATED - MICROSECOND).estimate is None
        assert sso(ESTIMATED).estimate == 3
        assert sso(REESTIMATED - MICROSECOND).estimate == 3
        assert sso(REESTIMATED).estimate == 5
        loads = {load.member_id: load.allocated_percent for load in web.allocation(ASSIGNED)}
        assert loads == {web.cleo: 50}
        assert [load.allocated_percent for load in web.allocation(ASSIGNED - MICROSECOND)] == [0]

    def test_answers_do_not_change_as_new_decisions_arrive(self, fresh_web: TandemWeb) -> None:
        before = fresh_web.backlog(REESTIMATED)
        fresh_web.at(REESTIMATED + timedelta(hours=1)).tandem.app.decide(
            fresh_web.ana,
            PrioritizeItem(item_id=fresh_web.guest, rank=1, rationale="Guests convert better"),
        )
        fresh_web.tandem.app.decide(
            fresh_web.ana, DropItem(item_id=fresh_web.sso, rationale="Okta deal fell through")
        )
        fresh_web.tandem.projections.catch_up()
        assert fresh_web.backlog(REESTIMATED) == before
        assert fresh_web.titles(datetime(2100, 1, 1, tzinfo=UTC)) == ["Guest checkout", "Apple Pay"]


class TestTimeZonesAndPrecision:
    def test_the_same_instant_with_a_plus_two_offset_gives_the_same_answer(
        self, web: TandemWeb
    ) -> None:
        berlin = PRIORITIZED.astimezone(BERLIN_SUMMER)
        assert berlin.isoformat() == "2026-11-02T12:00:00.654321+02:00"
        assert web.backlog(berlin) == web.backlog(PRIORITIZED)
        assert web.titles(berlin)[0] == "Apple Pay"
        assert web.titles(berlin - MICROSECOND)[0] == "SSO login"
        assert web.allocation(ASSIGNED.astimezone(BERLIN_SUMMER)) == web.allocation(ASSIGNED)

    def test_a_retrospective_window_in_offsets_is_the_same_window(self, web: TandemWeb) -> None:
        travel = web.tandem.time_travel
        utc = travel.retrospective(web.product_id, PROPOSED, ASSIGNED)
        berlin = travel.retrospective(
            web.product_id, PROPOSED.astimezone(BERLIN_SUMMER), ASSIGNED.astimezone(BERLIN_SUMMER)
        )
        assert berlin.decision_count == utc.decision_count
        assert berlin.rank_changes == utc.rank_changes
        assert utc.decision_count == 3  # Apple Pay proposed, prioritized, Cleo assigned

    def test_recorded_instants_round_trip_to_the_microsecond(self, web: TandemWeb) -> None:
        with web.tandem.projections.store.transaction() as tx:
            rows = decisions_between(tx, web.product_id, None, datetime(2100, 1, 1, tzinfo=UTC))
        ats = [(row.type, row.at) for row in rows]
        assert ats == [
            ("ProductCreated", CREATED),
            ("RoleGranted", GRANTED),
            ("RoleGranted", GRANTED),
            ("RoleGranted", GRANTED),
            ("ItemProposed", PROPOSED),
            ("ItemProposed", PROPOSED),
            ("ItemProposed", APPLE_PAY),
            ("ItemPrioritized", PRIORITIZED),
            ("EngineerAssigned", ASSIGNED),
            ("ItemEstimated", ESTIMATED),
            ("ItemEstimated", REESTIMATED),
        ]
        assert all(at.utcoffset() == timedelta(0) for _, at in ats)


class TestOutOfOrderCommits:
    def test_a_decision_dated_before_the_last_one_counts_from_its_recorded_instant(
        self, fresh_web: TandemWeb
    ) -> None:
        # A writer that read its clock before Ben's re-estimate commits after it,
        # bypassing the service (which would have dated it no earlier).
        late = REESTIMATED - timedelta(minutes=30)
        product: Product = fresh_web.tandem.app.repository.get(uuid.UUID(fresh_web.product_id))
        product.decide(
            fresh_web.ana,
            PrioritizeItem(
                item_id=fresh_web.guest,
                rank=1,
                rationale="Read the clock early",
                expected_version=None,
            ),
            late,
        )
        fresh_web.tandem.app.save(product)
        fresh_web.tandem.projections.catch_up()

        assert fresh_web.titles(late)[0] == "Apple Pay"
        assert fresh_web.titles(REESTIMATED - MICROSECOND)[0] == "Apple Pay"
        assert fresh_web.titles(REESTIMATED)[0] == "Guest checkout"
        with fresh_web.tandem.projections.store.transaction() as tx:
            rows = decisions_between(tx, fresh_web.product_id, ESTIMATED, REESTIMATED)
        assert [(row.type, row.at) for row in rows] == [
            ("ItemEstimated", REESTIMATED),
            ("ItemPrioritized", REESTIMATED),
        ]


class TestPages:
    def test_a_page_as_of_an_instant_has_its_ranks_and_the_total(self, web: TandemWeb) -> None:
        page = web.tandem.time_travel.backlog_page(web.product_id, PRIORITIZED, first=2, offset=1)
        assert [(row.title, row.rank) for row in page.rows] == [
            ("SSO login", 2),
            ("Guest checkout", 3),
        ]
        assert (page.total, page.has_next) == (3, False)

    def test_a_page_by_status_lists_unranked_items_after_ranked_ones(
        self, fresh_web: TandemWeb
    ) -> None:
        later = REESTIMATED + timedelta(hours=1)
        fresh_web.at(later).tandem.app.decide(
            fresh_web.ana, DropItem(item_id=fresh_web.apple_pay, rationale="Launch partner left")
        )
        fresh_web.tandem.projections.catch_up()
        page = fresh_web.tandem.time_travel.backlog_page(
            fresh_web.product_id,
            later,
            frozenset({"PROPOSED", "DROPPED"}),
            first=5,
        )
        assert [(row.title, row.rank, row.status) for row in page.rows] == [
            ("SSO login", 1, "PROPOSED"),
            ("Guest checkout", 2, "PROPOSED"),
            ("Apple Pay", None, "DROPPED"),
        ]
        assert page.total == 3
