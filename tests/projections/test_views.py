"""The views as the API reads them, on every backend: decide, let the views catch
up (or follow and wait on the position), then read through the ViewReader."""

from __future__ import annotations

from datetime import timedelta

import pytest

from api.composition import Container
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    DropItem,
    EstimateItem,
    PrioritizeItem,
    RefineItem,
    SetCapacity,
    SetGoal,
    StartItem,
    UnassignEngineer,
)
from projections.decisions.view import DecisionsView
from projections.reader import ViewReader
from projections.rows import DecisionFilter, DecisionRow
from tests.projections.team import START, Clock, Team

OPEN = frozenset({"PROPOSED", "READY", "IN_PROGRESS", "DONE"})
CLOSED = frozenset({"ACCEPTED", "DROPPED"})


async def backlog(reader: ViewReader, team: Team, statuses: frozenset[str] | None = None) -> list:
    page = await reader.backlog(team.product_id, statuses, 100, 0)
    return [(row.title, row.rank, row.status) for row in page.rows]


async def everything(reader: ViewReader, team: Team, where: DecisionFilter) -> list[DecisionRow]:
    page = await reader.decisions(team.product_id, where, 1000, None)
    assert not page.has_next
    assert page.total == len(page.rows)
    return page.rows


class TestBacklog:
    async def test_items_come_in_rank_order_after_moves(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        sso, _, pay, _, history = team.propose(
            "SSO login", "Guest checkout", "Apple Pay", "Saved cards", "Order history"
        )
        team.app.decide(
            team.ana, PrioritizeItem(item_id=history, rank=1, rationale="auditors asked")
        )
        team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=4, rationale="can wait"))
        team.make_ready(pay)
        tandem.projections.catch_up()

        assert await backlog(reader, team) == [
            ("Order history", 1, "PROPOSED"),
            ("Guest checkout", 2, "PROPOSED"),
            ("Apple Pay", 3, "READY"),
            ("SSO login", 4, "PROPOSED"),
            ("Saved cards", 5, "PROPOSED"),
        ]
        (product,) = await reader.products([team.product_id])
        assert (product.name, product.backlog_version) == ("Checkout", 7)

    async def test_pages_follow_the_rank_order(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        titles = [f"Item {n}" for n in range(1, 6)]
        ids = team.propose(*titles)
        team.app.decide(team.ana, PrioritizeItem(item_id=ids[4], rank=1, rationale="first"))
        tandem.projections.catch_up()
        expected = ["Item 5", "Item 1", "Item 2", "Item 3", "Item 4"]

        pages = [await reader.backlog(team.product_id, None, 2, offset) for offset in (0, 2, 4)]

        assert [[row.title for row in page.rows] for page in pages] == [
            expected[0:2],
            expected[2:4],
            expected[4:],
        ]
        assert [page.has_next for page in pages] == [True, True, False]
        assert {page.total for page in pages} == {5}
        assert [row.rank for page in pages for row in page.rows] == [1, 2, 3, 4, 5]
        past_the_end = await reader.backlog(team.product_id, None, 2, 6)
        assert (past_the_end.rows, past_the_end.has_next, past_the_end.total) == ([], False, 5)

    async def test_accepted_and_dropped_items_only_when_asked_for(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        sso, guest, _, cards = team.propose(
            "SSO login", "Guest checkout", "Apple Pay", "Saved cards"
        )
        team.deliver(guest)
        team.app.decide(team.ana, AcceptItem(item_id=guest, rationale="shipped"))
        team.app.decide(team.ana, DropItem(item_id=sso, rationale="nobody asked"))
        team.deliver(cards)
        tandem.projections.catch_up()

        assert await backlog(reader, team) == [
            ("Apple Pay", 1, "PROPOSED"),
            ("Saved cards", 2, "DONE"),
        ]
        assert await backlog(reader, team, CLOSED) == [
            ("SSO login", None, "DROPPED"),
            ("Guest checkout", None, "ACCEPTED"),
        ]
        assert await backlog(reader, team, frozenset({"ACCEPTED"})) == [
            ("Guest checkout", None, "ACCEPTED")
        ]
        assert await backlog(reader, team, frozenset({"DONE", "DROPPED"})) == [
            ("Saved cards", 2, "DONE"),
            ("SSO login", None, "DROPPED"),
        ]
        assert len(await backlog(reader, team, OPEN | CLOSED)) == 4
        page = await reader.backlog(team.product_id, CLOSED, 1, 0)
        assert (page.total, page.has_next) == (2, True)

    async def test_an_item_shows_its_refinement_estimate_and_assignments(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        (sso,) = team.propose("SSO login")
        team.app.decide(
            team.ana,
            RefineItem(
                item_id=sso, description="Log in with Okta", acceptance_criteria=["works with Okta"]
            ),
        )
        team.app.decide(team.eve, EstimateItem(item_id=sso, points=2.5))
        team.app.decide(team.eve, AssignEngineer(item_id=sso, member_id=team.ids["Bo"], percent=40))
        team.app.decide(team.eve, AssignEngineer(item_id=sso, member_id=team.ids["Cy"], percent=20))
        team.app.decide(team.eve, UnassignEngineer(item_id=sso, member_id=team.ids["Cy"]))
        tandem.projections.catch_up()

        item = (await reader.items([sso]))[sso]

        assert (item.title, item.description, item.kind) == (
            "SSO login",
            "Log in with Okta",
            "FEATURE",
        )
        assert (item.status, item.estimate, item.rank, item.version) == ("READY", 2.5, 1, 6)
        assert item.acceptance_criteria == ("works with Okta",)
        assert [(a.member_id, a.percent) for a in item.assignments] == [(team.ids["Bo"], 40)]

    async def test_memberships_and_goals(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        team.app.decide(
            team.ana,
            SetGoal(
                product_id=team.product_id,
                title="Halve checkout time",
                metric="p50 seconds",
                target_date=START,
            ),
        )
        tandem.projections.catch_up()

        memberships = (await reader.memberships([team.product_id]))[team.product_id]
        goals = (await reader.goals([team.product_id]))[team.product_id]

        names = await reader.members([m.member_id for m in memberships])
        assert [(names[m.member_id].name, m.role) for m in memberships] == [
            ("Ana", "PRODUCT_OWNER"),
            ("Bo", "ENGINEER"),
            ("Cy", "ENGINEER"),
            ("Eve", "ENGINEERING_MANAGER"),
            ("Sam", "STAKEHOLDER"),
        ]
        assert [(g.title, g.metric, g.target_date) for g in goals] == [
            ("Halve checkout time", "p50 seconds", START)
        ]
        assert await reader.roles_of(team.ids["Eve"]) == {team.product_id: {"ENGINEERING_MANAGER"}}


class TestAllocation:
    async def test_every_engineer_starts_at_full_capacity_and_nothing_allocated(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        tandem.projections.catch_up()

        loads = await reader.allocation(team.product_id)

        assert [(x.member_id, x.capacity_percent, x.allocated_percent) for x in loads] == [
            (team.ids["Bo"], 100, 0),
            (team.ids["Cy"], 100, 0),
        ]
        assert not any(x.over_allocated for x in loads)

    async def test_allocated_counts_open_work_and_flags_over_allocation(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        bo, cy = team.ids["Bo"], team.ids["Cy"]
        sso, guest, pay, cards, history = team.propose(
            "SSO login", "Guest checkout", "Apple Pay", "Saved cards", "Order history"
        )
        team.app.decide(
            team.eve,
            SetCapacity(
                product_id=team.product_id, member_id=bo, percent=80, rationale="part time"
            ),
        )
        team.app.decide(team.eve, AssignEngineer(item_id=sso, member_id=bo, percent=50))
        team.app.decide(team.eve, AssignEngineer(item_id=guest, member_id=bo, percent=40))
        for item in (pay, cards, history):
            team.app.decide(team.eve, AssignEngineer(item_id=item, member_id=cy, percent=30))
        team.deliver(pay)  # DONE
        team.deliver(cards)
        team.app.decide(team.ana, AcceptItem(item_id=cards))  # ACCEPTED
        team.app.decide(team.ana, DropItem(item_id=history, rationale="not now"))  # DROPPED
        tandem.projections.catch_up()

        loads = {x.member_id: x for x in await reader.allocation(team.product_id)}

        assert (loads[bo].capacity_percent, loads[bo].allocated_percent) == (80, 90)
        assert loads[bo].over_allocated
        assert loads[bo].item_ids == (sso, guest)
        assert (loads[cy].capacity_percent, loads[cy].allocated_percent) == (100, 0)
        assert loads[cy].item_ids == ()
        assert not loads[cy].over_allocated

    async def test_starting_work_keeps_it_allocated_and_raising_capacity_clears_the_flag(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        bo = team.ids["Bo"]
        sso, guest = team.propose("SSO login", "Guest checkout")
        team.app.decide(team.eve, SetCapacity(product_id=team.product_id, member_id=bo, percent=50))
        team.app.decide(team.eve, AssignEngineer(item_id=sso, member_id=bo, percent=30))
        team.app.decide(team.eve, AssignEngineer(item_id=guest, member_id=bo, percent=30))
        team.make_ready(sso)
        team.app.decide(team.eve, StartItem(item_id=sso))
        tandem.projections.catch_up()
        before = {x.member_id: x for x in await reader.allocation(team.product_id)}[bo]

        team.app.decide(team.eve, SetCapacity(product_id=team.product_id, member_id=bo, percent=60))
        tandem.projections.catch_up()
        after = {x.member_id: x for x in await reader.allocation(team.product_id)}[bo]

        assert (before.allocated_percent, before.over_allocated) == (60, True)
        assert (after.capacity_percent, after.allocated_percent, after.over_allocated) == (
            60,
            60,
            False,
        )


class TestDecisions:
    async def test_newest_first_with_who_and_why(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        ids = team.propose(
            "Guest checkout", "Apple Pay", "Saved cards", "Order history", "SSO login"
        )
        team.app.decide(
            team.ana, PrioritizeItem(item_id=ids[4], rank=1, rationale="enterprise deal")
        )
        team.app.decide(team.eve, EstimateItem(item_id=ids[4], points=5, rationale="like login v1"))
        tandem.projections.catch_up()

        rows = await everything(reader, team, DecisionFilter())

        assert [r.summary for r in rows[:3]] == [
            "Eve (Engineering Manager) estimated 'SSO login' at 5 points",
            "Ana (Product Owner) moved 'SSO login' from #5 to #1",
            "Ana (Product Owner) proposed 'SSO login' at #5",
        ]
        assert rows[-1].summary == "The administrator created product 'Checkout'"
        assert len(rows) == 1 + 5 + 5 + 2  # created, roles, proposals, two decisions
        assert [r.position for r in rows] == sorted((r.position for r in rows), reverse=True)
        assert [r.version for r in rows] == list(range(len(rows), 0, -1))
        moved = rows[1]
        assert (moved.type, moved.subject_id, moved.rationale, moved.role) == (
            "ItemPrioritized",
            ids[4],
            "enterprise deal",
            "PRODUCT_OWNER",
        )
        assert [(c.field, c.before, c.after) for c in moved.changes] == [("rank", "5", "1")]
        assert (await reader.decisions_by_id([moved.id]))[moved.id] == moved
        assert await reader.decision_at(team.product_id, moved.version) == moved

    async def test_filters_by_actor_role_type_subject_and_time(
        self, tandem: Container, team: Team, reader: ViewReader, clock: Clock
    ) -> None:
        sso, guest = team.propose("SSO login", "Guest checkout")
        clock.set(START + timedelta(days=1))
        team.app.decide(team.ana, PrioritizeItem(item_id=guest, rank=1, rationale="quick win"))
        team.app.decide(team.eve, EstimateItem(item_id=sso, points=3))
        team.app.decide(team.eve, EstimateItem(item_id=guest, points=1))
        clock.set(START + timedelta(days=2))
        team.app.decide(team.ana, DropItem(item_id=sso, rationale="nobody asked"))
        tandem.projections.catch_up()

        def summaries(rows: list[DecisionRow]) -> list[str]:
            return [r.summary.split(" ", 1)[1] for r in rows]

        by_eve = await everything(reader, team, DecisionFilter(actor_id=team.ids["Eve"]))
        assert summaries(by_eve) == [
            "(Engineering Manager) estimated 'Guest checkout' at 1 points",
            "(Engineering Manager) estimated 'SSO login' at 3 points",
        ]
        as_po = await everything(reader, team, DecisionFilter(role="PRODUCT_OWNER"))
        assert {r.actor_id for r in as_po} == {team.ids["Ana"]}
        assert [r.type for r in as_po] == [
            "ItemDropped",
            "ItemPrioritized",
            "ItemProposed",
            "ItemProposed",
        ]
        moves_and_drops = await everything(
            reader, team, DecisionFilter(types=("ItemPrioritized", "ItemDropped"))
        )
        assert [r.type for r in moves_and_drops] == ["ItemDropped", "ItemPrioritized"]
        assert await everything(reader, team, DecisionFilter(types=())) == []
        about_sso = await everything(reader, team, DecisionFilter(subject_id=sso))
        assert [r.type for r in about_sso] == ["ItemDropped", "ItemEstimated", "ItemProposed"]
        about_bo = await everything(reader, team, DecisionFilter(subject_id=team.ids["Bo"]))
        assert [r.type for r in about_bo] == ["RoleGranted"]
        day_two = await everything(
            reader,
            team,
            DecisionFilter(from_=START + timedelta(days=1), to=START + timedelta(days=1, hours=1)),
        )
        assert [r.type for r in day_two] == ["ItemEstimated", "ItemEstimated", "ItemPrioritized"]
        since_day_two = await everything(
            reader, team, DecisionFilter(from_=START + timedelta(days=2))
        )
        assert [r.type for r in since_day_two] == ["ItemDropped"]
        combined = await everything(
            reader,
            team,
            DecisionFilter(
                actor_id=team.ids["Eve"], subject_id=guest, to=START + timedelta(days=3)
            ),
        )
        assert [r.summary for r in combined] == [
            "Eve (Engineering Manager) estimated 'Guest checkout' at 1 points"
        ]

    async def test_the_cursor_stays_put_while_new_decisions_arrive(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        ids = team.propose(*[f"Item {n}" for n in range(1, 9)])
        tandem.projections.catch_up()
        snapshot = await everything(reader, team, DecisionFilter())

        first = await reader.decisions(team.product_id, DecisionFilter(), 5, None)
        for n, item in enumerate(ids[:4]):
            team.app.decide(
                team.ana, PrioritizeItem(item_id=item, rank=8, rationale=f"shuffle {n}")
            )
        tandem.projections.catch_up()
        rest = []
        cursor = first.rows[-1].position
        while True:
            page = await reader.decisions(team.product_id, DecisionFilter(), 5, cursor)
            rest.extend(page.rows)
            if not page.has_next:
                break
            cursor = page.rows[-1].position

        assert first.rows + rest == snapshot
        assert page.total == len(snapshot) + 4  # the total counts the newcomers
        newest = await reader.decisions(team.product_id, DecisionFilter(), 4, None)
        assert [r.rationale for r in newest.rows] == [f"shuffle {n}" for n in (3, 2, 1, 0)]

    async def test_an_items_history_is_oldest_first(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        sso, guest = team.propose("SSO login", "Guest checkout")
        team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=2, rationale="later"))
        team.deliver(sso)
        team.app.decide(
            team.eve, AssignEngineer(item_id=guest, member_id=team.ids["Bo"], percent=50)
        )
        team.app.decide(team.ana, AcceptItem(item_id=sso, rationale="demoed"))
        tandem.projections.catch_up()

        history = await reader.history([sso, guest])

        assert [r.type for r in history[sso]] == [
            "ItemProposed",
            "ItemPrioritized",
            "ItemRefined",
            "ItemEstimated",
            "ItemStarted",
            "ItemCompleted",
            "ItemAccepted",
        ]
        assert [r.type for r in history[guest]] == ["ItemProposed", "EngineerAssigned"]
        assert history[sso][-1].summary == "Ana (Product Owner) accepted 'SSO login'"

    async def test_recorded_instants_never_go_back_even_when_the_clock_does(
        self, tandem: Container, team: Team, reader: ViewReader, clock: Clock
    ) -> None:
        (sso,) = team.propose("SSO login")
        proposed_at = clock.now
        clock.set(proposed_at - timedelta(hours=1))  # a writer with a slow clock
        team.app.decide(team.eve, EstimateItem(item_id=sso, points=3))
        team.app.decide(team.ana, RefineItem(item_id=sso, acceptance_criteria=["works"]))
        tandem.projections.catch_up()

        rows = list(reversed(await everything(reader, team, DecisionFilter())))

        assert [r.at for r in rows] == sorted(r.at for r in rows)
        assert [r.at for r in rows[-3:]] == [proposed_at, proposed_at, proposed_at]

    async def test_recorded_instants_never_go_back_across_batches_and_restarts(
        self,
        tandem: Container,
        team: Team,
        reader: ViewReader,
        clock: Clock,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The last instant of a product is read from its table once, then kept from
        one batch to the next; forgotten (a failed batch, a restart), it is read again."""
        reads: list[str] = []
        stored_clock = DecisionsView.stored_clock
        monkeypatch.setattr(
            DecisionsView,
            "stored_clock",
            staticmethod(lambda tx, pid: (reads.append(pid), stored_clock(tx, pid))[1]),
        )
        (sso,) = team.propose("SSO login")
        tandem.projections.catch_up()
        proposed_at = clock.now
        clock.set(proposed_at - timedelta(hours=1))  # a writer with a slow clock
        team.app.decide(team.eve, EstimateItem(item_id=sso, points=3))
        tandem.projections.catch_up()
        assert reads == [team.product_id]  # once, at the first batch
        (decisions,) = [r for r in tandem.projections.runners if r.name == "decisions"]
        decisions.view.forget()
        team.app.decide(team.ana, RefineItem(item_id=sso, acceptance_criteria=["works"]))
        tandem.projections.catch_up()

        rows = list(reversed(await everything(reader, team, DecisionFilter())))

        assert reads == [team.product_id] * 2
        assert [r.at for r in rows[-3:]] == [proposed_at, proposed_at, proposed_at]

    async def test_read_your_writes_by_waiting_on_the_position(
        self, tandem: Container, team: Team, reader: ViewReader
    ) -> None:
        tandem.start_views()
        (sso,) = team.propose("SSO login")

        outcome = team.app.decide(team.ana, PrioritizeItem(item_id=sso, rank=1, rationale="first"))
        assert outcome.position is not None
        tandem.projections.wait(outcome.position, timeout=10)

        rows = (await reader.decisions(team.product_id, DecisionFilter(), 1, None)).rows
        assert [r.position for r in rows] == [outcome.position]
        positions = await reader.positions()
        assert min(positions.values()) >= outcome.position
