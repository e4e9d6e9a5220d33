"""The retrospective of one week of "Tandem Web", with answers worked out by hand.

Given, before the window (Monday): Ana (Product Owner) proposed SSO login, Guest
checkout, Apple Pay, Saved cards and Order history; SSO login became READY at
10:05; Apple Pay was estimated at 5; Saved cards was started. Exactly at `from`
(Tuesday 09:00) Ana moved Order history to the top: it counts in the ranks at
`from` but not in the window (from, to].

When, in the window: SSO login is started, completed and, exactly at `to` (Friday
09:00), accepted; Apple Pay moves twice and is re-estimated twice; Guest checkout
is dropped; Dark mode is proposed and moved to the top; Saved cards is completed;
Order history becomes READY and is started; the administrator grants Eve a role.
A microsecond after `to` Saved cards is accepted: outside the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from api.composition import Container, build
from api.settings import Settings
from domain.actor import Actor
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    CreateProduct,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    StartItem,
)
from domain.vocabulary import Role
from projections.time_travel.retrospective import RetrospectiveReport
from tests.time_travel.scenario import SteppingClock


def day(weekday: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 1 + weekday, hour, minute, tzinfo=UTC)


MON, TUE, WED, THU, FRI = 1, 2, 3, 4, 5
FROM = day(TUE, 9)
TO = day(FRI, 9)
SSO_READY = day(MON, 10, 5)


@dataclass
class Week:
    tandem: Container
    product_id: str
    ids: dict[str, str]
    ana: str

    def report(self, from_: datetime = FROM, to: datetime = TO) -> RetrospectiveReport:
        return self.tandem.time_travel.retrospective(self.product_id, from_, to)


@pytest.fixture(scope="module")
def week(shared_db_url: str) -> Iterator[Week]:
    clock = SteppingClock(day(MON, 9))
    settings = Settings(database_url=shared_db_url, admin_token="x", snapshot_interval=4)
    tandem = build(settings, clock=clock)
    app, admin = tandem.app, Actor.admin()

    def on(instant: datetime) -> None:
        clock.now = instant

    try:
        people = {
            name: app.decide(
                admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
            ).member_id
            for name in ("Ana", "Ben", "Cleo", "Eve")
        }
        ana, ben = Actor.member(people["Ana"]), Actor.member(people["Ben"])
        product = app.decide(
            admin, CreateProduct(name="Tandem Web", vision="Pairs ship together")
        ).product_id
        on(day(MON, 9, 1))
        app.decide(
            admin, GrantRole(product_id=product, member_id=people["Ana"], role=Role.PRODUCT_OWNER)
        )
        app.decide(
            admin,
            GrantRole(product_id=product, member_id=people["Ben"], role=Role.ENGINEERING_MANAGER),
        )
        app.decide(
            admin, GrantRole(product_id=product, member_id=people["Cleo"], role=Role.ENGINEER)
        )
        ids = {}
        for minute, title in enumerate(
            ("SSO login", "Guest checkout", "Apple Pay", "Saved cards", "Order history")
        ):
            on(day(MON, 9, 10 + minute))
            ids[title] = app.decide(ana, ProposeItem(product_id=product, title=title)).item_id or ""
        sso, guest, apple = ids["SSO login"], ids["Guest checkout"], ids["Apple Pay"]
        cards, history = ids["Saved cards"], ids["Order history"]
        on(day(MON, 10))
        app.decide(ana, RefineItem(item_id=sso, acceptance_criteria=["Works with Okta"]))
        on(SSO_READY)
        app.decide(ben, EstimateItem(item_id=sso, points=3))
        on(day(MON, 10, 10))
        app.decide(ben, EstimateItem(item_id=apple, points=5))
        on(day(MON, 10, 20))
        app.decide(ana, RefineItem(item_id=cards, acceptance_criteria=["PCI compliant"]))
        on(day(MON, 10, 25))
        app.decide(ben, EstimateItem(item_id=cards, points=2))
        on(day(MON, 10, 30))
        app.decide(ben, StartItem(item_id=cards))
        on(FROM)
        app.decide(ana, PrioritizeItem(item_id=history, rank=1, rationale="Auditors asked"))
        # -- the window (from, to] --
        on(day(TUE, 9, 30))
        app.decide(ben, StartItem(item_id=sso))
        on(day(TUE, 10))
        app.decide(ana, PrioritizeItem(item_id=apple, rank=1, rationale="Launch partner wants it"))
        on(day(TUE, 11))
        app.decide(ben, EstimateItem(item_id=apple, points=8, rationale="Found PSP quirks"))
        on(day(TUE, 12))
        app.decide(
            admin, GrantRole(product_id=product, member_id=people["Eve"], role=Role.STAKEHOLDER)
        )
        on(day(WED, 9))
        app.decide(ben, CompleteItem(item_id=sso))
        on(day(WED, 10))
        app.decide(ana, PrioritizeItem(item_id=apple, rank=2, rationale="Compliance review first"))
        on(day(WED, 11))
        app.decide(ben, EstimateItem(item_id=apple, points=13, rationale="PSP sandbox is flaky"))
        on(day(WED, 12))
        app.decide(ana, DropItem(item_id=guest, rationale="Nobody asked for it"))
        on(day(WED, 13))
        ids["Dark mode"] = dark = (
            app.decide(ana, ProposeItem(product_id=product, title="Dark mode")).item_id or ""
        )
        on(day(THU, 9))
        app.decide(ben, CompleteItem(item_id=cards))
        on(day(THU, 10))
        app.decide(ana, RefineItem(item_id=history, acceptance_criteria=["Exports to CSV"]))
        on(day(THU, 10, 5))
        app.decide(ben, EstimateItem(item_id=history, points=1))
        on(day(THU, 10, 10))
        app.decide(ben, StartItem(item_id=history))
        on(day(THU, 11))
        app.decide(ana, PrioritizeItem(item_id=dark, rank=1, rationale="Everyone wants dark mode"))
        on(day(THU, 12))
        app.decide(ben, AssignEngineer(item_id=history, member_id=people["Cleo"], percent=50))
        on(TO)
        app.decide(ana, AcceptItem(item_id=sso))
        # -- after the window --
        on(TO + timedelta(microseconds=1))
        app.decide(ana, AcceptItem(item_id=cards))
        tandem.projections.catch_up()
        yield Week(tandem, product, ids, people["Ana"])
    finally:
        tandem.close()


class TestRetrospectiveOfAWeek:
    def test_counts_the_decisions_after_from_up_to_and_including_to(self, week: Week) -> None:
        # 16 in the window: 7 by the Product Owner, 8 by the Engineering Manager
        # and the administrator's grant, which has no role.
        report = week.report()
        assert report.decision_count == 16
        assert report.by_role == (("ENGINEERING_MANAGER", 8), ("PRODUCT_OWNER", 7))

    def test_rank_changes_are_new_moved_accepted_and_dropped_by_to_rank_then_unranked(
        self, week: Week
    ) -> None:
        changes = [(c.item.title, c.from_rank, c.to_rank) for c in week.report().rank_changes]
        assert changes == [
            ("Dark mode", None, 1),  # new
            ("Order history", 1, 2),  # moved down as Dark mode went to the top
            ("Apple Pay", 4, 3),
            ("Saved cards", 5, 4),  # accepted only after `to`
            ("Guest checkout", 3, None),  # dropped
            ("SSO login", 2, None),  # accepted at `to` exactly
        ]

    def test_rank_change_items_show_their_state_at_to(self, week: Week) -> None:
        items = {c.item.title: c.item for c in week.report().rank_changes}
        assert items["SSO login"].status == "ACCEPTED"
        assert items["Saved cards"].status == "DONE"
        assert items["Apple Pay"].estimate == 13

    def test_accepted_lists_items_accepted_in_the_window_only(self, week: Week) -> None:
        assert [item.title for item in week.report().accepted] == ["SSO login"]

    def test_churn_counts_moves_in_the_window_with_who_and_why(self, week: Week) -> None:
        churn = [(c.item.title, c.moves, c.actor_ids, c.rationales) for c in week.report().churn]
        assert churn == [
            (
                "Apple Pay",
                2,
                (week.ana,),
                ("Launch partner wants it", "Compliance review first"),
            ),
            ("Dark mode", 1, (week.ana,), ("Everyone wants dark mode",)),
        ]

    def test_estimate_changes_compare_the_estimate_at_from_with_the_last(self, week: Week) -> None:
        changes = [
            (e.item.title, e.first, e.last, e.estimates) for e in week.report().estimate_changes
        ]
        assert changes == [("Apple Pay", 5, 13, 2), ("Order history", None, 1, 1)]

    def test_started_not_completed_are_items_started_in_the_window_and_still_open(
        self, week: Week
    ) -> None:
        assert [i.title for i in week.report().started_not_completed] == ["Order history"]

    def test_cycle_time_runs_from_ready_to_accepted(self, week: Week) -> None:
        (cycle,) = week.report().cycle_times
        assert cycle.item.title == "SSO login"
        assert (cycle.ready_at, cycle.accepted_at) == (SSO_READY, TO)
        assert cycle.seconds == (TO - SSO_READY).total_seconds() == 3 * 86400 + 22 * 3600 + 55 * 60


class TestRetrospectiveWindows:
    def test_an_empty_window_has_nothing_to_show(self, week: Week) -> None:
        report = week.report(FROM, FROM)
        assert (report.decision_count, report.by_role, report.rank_changes) == (0, (), ())
        assert (report.accepted, report.churn, report.cycle_times) == ((), (), ())

    def test_a_window_ending_a_microsecond_earlier_misses_the_decision_at_to(
        self, week: Week
    ) -> None:
        report = week.report(FROM, TO - timedelta(microseconds=1))
        assert report.decision_count == 15
        assert report.accepted == ()
        assert ("SSO login", 2, 4) in [
            (c.item.title, c.from_rank, c.to_rank) for c in report.rank_changes
        ]

    def test_a_window_from_before_the_product_shows_every_item_as_new(self, week: Week) -> None:
        report = week.report(day(MON, 8), day(MON, 9, 14))
        assert report.decision_count == 9  # created, three grants, five proposals
        assert [(c.item.title, c.from_rank, c.to_rank) for c in report.rank_changes] == [
            ("SSO login", None, 1),
            ("Guest checkout", None, 2),
            ("Apple Pay", None, 3),
            ("Saved cards", None, 4),
            ("Order history", None, 5),
        ]

    def test_a_window_before_the_product_existed_is_empty(self, week: Week) -> None:
        report = week.report(day(MON, 7), day(MON, 8))
        assert (report.decision_count, report.rank_changes) == (0, ())
