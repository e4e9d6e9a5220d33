"""The decision ledger on every backend: one behavioural class, only the database URL differs."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    SetCapacity,
    SetGoal,
    StartItem,
)
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.product import Product
from domain.vocabulary import ItemKind, Role
from tests.backends import POSTGRES_URL, database_url
from tests.given import MONDAY, Clock, Team, open_ledger, recorded_types, rejects


def state_of(product: Product) -> dict[str, Any]:
    """Everything a decision can change, copied, in a form that compares by value."""
    return copy.deepcopy(
        {
            "version": product.version,
            "modified_on": product.modified_on,
            "name": product.name,
            "vision": product.vision,
            "goals": [g.to_dict() for g in product.goals],
            "roles": product.roles,
            "capacities": product.capacities,
            "order": product.order,
            "backlog_version": product.backlog_version,
            "items": {i: item.to_dict() for i, item in product.items.items()},
        }
    )


def backend_of(url: str) -> str:
    return {"memory": "memory", "sqlite": "sqlite", "postgresql": "postgres"}[url.split(":")[0]]


class TestDecisionLedger:
    """Recorded decisions, read back from the store the way a restarted server reads them."""

    @pytest.fixture(autouse=True)
    def ledger(self, db_url: str) -> Iterator[None]:
        self.url = db_url
        self.clock = Clock(step=timedelta(seconds=1, microseconds=1))
        self.opened: list[Tandem] = []
        self.app = self.open()
        yield
        for app in self.opened:
            app.close()

    def open(self) -> Tandem:
        app = open_ledger(self.url, self.clock)
        self.opened.append(app)
        return app

    def reader(self) -> Tandem:
        """Another application reading the same store (the same one on memory://)."""
        return self.app if self.url.startswith("memory:") else self.open()

    def restart(self) -> Tandem:
        """A new application on the same database, as after a restart."""
        if self.url.startswith("memory:"):
            pytest.skip("memory:// keeps nothing across a restart")
        return self.open()

    def test_a_new_database_is_empty_and_nobody_elses(self) -> None:
        assert not self.app.recorder.max_notification_id()
        Team.gather(self.app)
        with database_url(backend_of(self.url)) as other_url:
            other = open_ledger(other_url)
            try:
                assert not other.recorder.max_notification_id()
            finally:
                other.close()

    def test_the_partnership_is_recorded_and_rebuilt_from_the_store(self) -> None:
        team = Team.gather(self.app)
        sso, dark_mode, csv, audit = team.propose("SSO login", "Dark mode", "CSV export", "Audit")
        app, ana, ben, cleo = self.app, team.ana, team.ben, team.cleo.member_id or ""
        app.decide(
            ana,
            DefineVision(
                product_id=team.product_id, vision="Pairs ship faster", rationale="Board review"
            ),
        )
        app.decide(
            ana,
            SetGoal(
                product_id=team.product_id,
                title="Halve onboarding",
                metric="days",
                target_date=MONDAY + timedelta(days=90),
            ),
        )
        app.decide(
            ana,
            PrioritizeItem(item_id=csv, rank=1, rationale="Sales promised it", expected_version=4),
        )
        app.decide(
            ana,
            RefineItem(
                item_id=sso,
                description="Okta first",
                acceptance_criteria=["Works with Okta", "Works with Entra"],
            ),
        )
        app.decide(ben, EstimateItem(item_id=sso, points=5, rationale="Two services"))
        app.decide(
            ben,
            SetCapacity(
                product_id=team.product_id, member_id=cleo, percent=80, rationale="Support rota"
            ),
        )
        app.decide(
            ben,
            AssignEngineer(item_id=sso, member_id=cleo, percent=60, rationale="Built the spike"),
        )
        app.decide(ben, StartItem(item_id=sso, rationale="Cleo is free"))
        app.decide(ben, CompleteItem(item_id=sso))
        app.decide(ana, AcceptItem(item_id=sso, rationale="Demoed on Friday"))
        app.decide(ana, DropItem(item_id=audit, rationale="Compliance moved it to Q3"))
        app.decide(
            ben, ProposeItem(product_id=team.product_id, title="Flaky CI", kind=ItemKind.TECH_DEBT)
        )

        product = team.product
        assert team.titles() == ["CSV export", "Dark mode", "Flaky CI"]
        assert product.items[sso].status.value == "ACCEPTED"
        assert product.items[sso].assignments == {cleo: 60}
        assert product.items[audit].status.value == "DROPPED"
        assert product.rank_of(dark_mode) == 2
        rebuilt = app.repository.get(product.id, version=product.version)
        assert state_of(rebuilt) == state_of(product)

    def test_a_product_restored_from_a_snapshot_equals_the_product_it_was_taken_of(self) -> None:
        team = Team.gather(self.app)
        sso, dark_mode = team.propose("SSO login", "Dark mode")
        cleo = team.cleo.member_id or ""
        self.app.decide(
            team.ana,
            SetGoal(
                product_id=team.product_id,
                title="Halve onboarding",
                metric="days",
                target_date=MONDAY,
            ),
        )
        self.app.decide(
            team.ben, SetCapacity(product_id=team.product_id, member_id=cleo, percent=70)
        )
        self.app.decide(team.ben, AssignEngineer(item_id=sso, member_id=cleo, percent=40))
        team.in_progress(sso)
        self.app.decide(team.ana, DropItem(item_id=dark_mode, rationale="Later"))
        self.app.take_snapshot(uuid.UUID(team.product_id))
        self.app.decide(
            team.ana,
            PrioritizeItem(item_id=team.propose("CSV export")[0], rank=1, rationale="Sales"),
        )
        live = team.product

        reader = self.reader()
        assert reader.snapshots is not None and len(list(reader.snapshots.get(live.id))) == 1
        restored = reader.repository.get(live.id, version=live.version)
        assert state_of(restored) == state_of(live)

    def test_a_restarted_ledger_sees_the_same_products_and_decides_on(self) -> None:
        team = Team.gather(self.app)
        sso, dark_mode = team.propose("SSO login", "Dark mode")
        self.app.decide(
            team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask")
        )
        team.ready(sso)
        before = state_of(team.product)

        restarted = self.restart()
        assert state_of(restarted.product(team.product_id)) == before
        # Items are found by id alone after the restart (their locators are stored).
        restarted.decide(
            team.ben, StartItem(item_id=sso, expected_version=before["items"][sso]["version"])
        )
        restarted.decide(team.ana, PrioritizeItem(item_id=sso, rank=1, rationale="Already started"))
        after = restarted.product(team.product_id)
        assert [after.items[i].title for i in after.order] == ["SSO login", "Dark mode"]
        assert after.items[sso].status.value == "IN_PROGRESS"

    def test_recorded_decisions_carry_who_decided_in_which_role_why_and_what_changed(self) -> None:
        team = Team.gather(self.app)
        sso, dark_mode = team.propose("SSO login", "Dark mode")
        self.app.decide(
            team.ana, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask")
        )
        self.app.decide(team.ben, EstimateItem(item_id=sso, points=8, rationale="Okta and Entra"))
        self.app.decide(team.ana, DropItem(item_id=sso, rationale="Passkeys instead"))

        reader = self.reader()
        stored = reader.recorder.select_notifications(start=1, limit=1_000)
        events = [reader.mapper.to_domain_event(n) for n in stored]
        decisions = [e for e in events if e.originator_id == uuid.UUID(team.product_id)]
        names = [type(e).__name__ for e in decisions]
        assert names == ["ProductCreated"] + ["RoleGranted"] * 4 + ["ItemProposed"] * 2 + [
            "ItemPrioritized",
            "ItemEstimated",
            "ItemDropped",
        ]
        created, *granted = decisions[:5]
        assert (created.actor_id, created.role, created.name) == (None, None, "Tandem Web")
        assert [(g.actor_id, g.role, g.granted) for g in granted] == [
            (None, None, "PRODUCT_OWNER"),
            (None, None, "ENGINEERING_MANAGER"),
            (None, None, "ENGINEER"),
            (None, None, "STAKEHOLDER"),
        ]
        prioritized, estimated, dropped = decisions[-3:]
        assert (prioritized.actor_id, prioritized.role, prioritized.rationale) == (
            team.ana.member_id,
            "PRODUCT_OWNER",
            "Customers ask",
        )
        assert (prioritized.from_rank, prioritized.to_rank) == (2, 1)
        assert (estimated.actor_id, estimated.role) == (team.ben.member_id, "ENGINEERING_MANAGER")
        assert (estimated.points_before, estimated.points_after) == (None, 8)
        assert (dropped.status_before, dropped.status_after, dropped.rank_before) == (
            "PROPOSED",
            "DROPPED",
            2,
        )
        assert dropped.rationale == "Passkeys instead"

    def test_instants_round_trip_to_the_microsecond_and_never_go_back(self) -> None:
        team = Team.gather(self.app)
        self.clock.set(MONDAY + timedelta(days=3, microseconds=987_654))
        team.propose("SSO login")
        reader = self.reader()
        proposed = list(reader.events.get(uuid.UUID(team.product_id)))[-1]
        assert proposed.timestamp == MONDAY + timedelta(days=3, microseconds=987_654)
        assert proposed.timestamp.utcoffset() == timedelta(0)
        stamps = [e.timestamp for e in reader.events.get(uuid.UUID(team.product_id))]
        assert stamps == sorted(stamps)

    def test_a_rejected_decision_records_nothing(self) -> None:
        team = Team.gather(self.app)
        sso, dark_mode = team.propose("SSO login", "Dark mode")
        with rejects(self.app, Forbidden):
            self.app.decide(
                team.ben, PrioritizeItem(item_id=dark_mode, rank=1, rationale="Cheaper first")
            )
        with rejects(self.app, Conflict):
            self.app.decide(
                team.ana,
                PrioritizeItem(
                    item_id=dark_mode, rank=1, rationale="Stale view", expected_version=1
                ),
            )
        with rejects(self.app, Conflict):
            self.app.decide(team.ana, AcceptItem(item_id=sso, rationale="Not even started"))
        with rejects(self.app, InvalidInput):
            self.app.decide(
                team.ben,
                AssignEngineer(item_id=sso, member_id=team.eve.member_id or "", percent=50),
            )
        assert team.titles() == ["SSO login", "Dark mode"]

    def test_an_idempotency_key_is_honoured_across_a_restart(self) -> None:
        team = Team.gather(self.app)
        _, dark_mode = team.propose("SSO login", "Dark mode")
        first = self.app.decide(
            team.ana,
            PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask"),
            idempotency_key="prio-7",
        )

        restarted = self.restart()
        again = restarted.decide(
            team.ana,
            PrioritizeItem(item_id=dark_mode, rank=1, rationale="Customers ask"),
            idempotency_key="prio-7",
        )
        assert again == first and again.replayed
        assert recorded_types(restarted)["ItemPrioritized"] == 1
        with rejects(restarted, InvalidInput, match="idempotencyKey"):
            restarted.decide(
                team.ana,
                PrioritizeItem(item_id=dark_mode, rank=2, rationale="Changed my mind"),
                idempotency_key="prio-7",
            )
        # Ben's "prio-7" is his own.
        restarted.decide(
            team.ben, EstimateItem(item_id=dark_mode, points=2), idempotency_key="prio-7"
        )
        assert recorded_types(restarted)["ItemEstimated"] == 1

    def test_members_and_their_tokens_are_recorded(self) -> None:
        admin = Actor.admin()
        finn = self.app.decide(admin, RegisterMember(name="Finn", email="finn@tandem.example"))
        assert self.app.member_for_token(finn.token) == finn.member_id
        assert self.app.member_for_token(finn.token + "x") is None
        with rejects(self.app, Conflict, match="email"):
            self.app.decide(admin, RegisterMember(name="Finn Again", email="FINN@tandem.example"))
        restarted = self.restart()
        assert restarted.member_for_token(finn.token) == finn.member_id
        assert restarted.member(finn.member_id).name == "Finn"

    def test_a_replica_decides_on_what_another_replica_recorded(self) -> None:
        team = Team.gather(self.app)
        sso, dark_mode = team.propose("SSO login", "Dark mode")
        replica = self.restart()
        replica.product(team.product_id)  # the replica has the product cached now
        self.app.decide(
            team.admin,
            GrantRole(
                product_id=team.product_id, member_id=team.eve.member_id or "", role=Role.ENGINEER
            ),
        )
        # Allowed only given the other replica's grant: its stale copy must catch up.
        replica.decide(
            team.ben,
            AssignEngineer(item_id=dark_mode, member_id=team.eve.member_id or "", percent=50),
        )
        self.app.decide(team.ana, DropItem(item_id=sso, rationale="Passkeys instead"))
        # Allowed by its stale copy, but not any more: it must not be recorded.
        with rejects(replica, Conflict):
            replica.decide(team.ana, PrioritizeItem(item_id=sso, rank=1, rationale="Bring it back"))
        product = self.open().product(team.product_id)
        assert product.items[dark_mode].assignments == {team.eve.member_id: 50}
        assert [product.items[i].title for i in product.order] == ["Dark mode"]


@pytest.mark.postgres
def test_each_postgres_test_gets_a_schema_of_its_own() -> None:
    with database_url("postgres") as first, database_url("postgres") as second:
        assert first != second
        app = open_ledger(first)
        try:
            Team.gather(app)
        finally:
            app.close()
        schema = first.rsplit("schema=", 1)[1]
        with psycopg.connect(POSTGRES_URL) as conn:
            tables = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            ).fetchall()
        assert ("tandem_events",) in tables
        other = open_ledger(second)
        try:
            assert not other.recorder.max_notification_id()
        finally:
            other.close()
