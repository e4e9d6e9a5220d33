"""Writes the golden fixtures of the planning decisions (planning.graphql):

    python -m tests.reliability.make_planning_fixtures [NAME]

Records, on the memory backend with a fixed clock, every planning event (and the
iteration locator) and a snapshot holding planning state, to
tests/fixtures/events/NAME.json (default: planning-v1). Like make_fixtures.py it never
overwrites a file: fixtures are history.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    AddDependency,
    AssignEngineer,
    BlockItem,
    CloseIteration,
    CommitIteration,
    CreateProduct,
    EstimateItem,
    GrantRole,
    PlanIteration,
    ProposeItem,
    ProposeScope,
    RegisterMember,
    RemoveDependency,
    SetIterationCapacity,
    SetWipLimit,
    UnblockItem,
)
from domain.vocabulary import Role
from tests.given import Clock
from tests.reliability.make_fixtures import FOLDER, fixture

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def record_planning() -> Tandem:
    """Ana (PO) and Ben (EM) plan, propose, commit and close an iteration of "Checkout",
    with a dependency, a blocked item and a WIP limit."""
    app = Tandem({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=Clock(MONDAY))
    admin = Actor.admin()
    ids = {
        name: app.decide(
            admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
        ).member_id
        or ""
        for name in ("Ana", "Ben", "Cleo")
    }
    ana, ben, cleo = (Actor.member(ids[n]) for n in ("Ana", "Ben", "Cleo"))
    pid = app.decide(admin, CreateProduct(name="Checkout", vision="Pay in one minute")).product_id
    assert pid is not None
    for name, role in (
        ("Ana", Role.PRODUCT_OWNER),
        ("Ben", Role.ENGINEERING_MANAGER),
        ("Cleo", Role.ENGINEER),
    ):
        app.decide(admin, GrantRole(product_id=pid, member_id=ids[name], role=role))
    sso, guest, passkeys = (
        app.decide(ana, ProposeItem(product_id=pid, title=title)).item_id or ""
        for title in ("SSO login", "Guest checkout", "Passkeys")
    )
    for item_id, points in ((sso, 5.0), (guest, 3.0)):
        app.decide(ben, EstimateItem(item_id=item_id, points=points))
    app.decide(
        ben,
        PlanIteration(
            product_id=pid,
            name="Sprint 1",
            starts_at=MONDAY,
            ends_at=MONDAY + timedelta(days=14),
            capacity_points=6,
            rationale="two weeks, one on-call",
        ),
    )
    week = next(iter(app.product(pid).planned().iterations))
    app.decide(ben, SetIterationCapacity(iteration_id=week, capacity_points=7, expected_version=1))
    app.decide(ana, ProposeScope(iteration_id=week, item_ids=[sso, guest], rationale="login first"))
    app.decide(
        ben, CommitIteration(iteration_id=week, accept_overload=True, rationale="crunch week")
    )
    app.decide(ben, AddDependency(item_id=guest, depends_on_id=sso, rationale="needs accounts"))
    app.decide(ben, AddDependency(item_id=sso, depends_on_id=passkeys))
    app.decide(ben, RemoveDependency(item_id=sso, depends_on_id=passkeys, rationale="mistake"))
    app.decide(ben, AssignEngineer(item_id=guest, member_id=ids["Cleo"], percent=50))
    app.decide(cleo, BlockItem(item_id=guest, rationale="waiting for the payment API key"))
    app.decide(ben, UnblockItem(item_id=guest, rationale="key arrived"))
    app.decide(ben, SetWipLimit(product_id=pid, per_engineer=2, rationale="focus"))
    app.decide(ben, CloseIteration(iteration_id=week, rationale="sprint review"))
    app.take_snapshot(app.product(pid).id)
    return app


def main(argv: list[str]) -> int:
    name = argv[0] if argv else "planning-v1"
    path = FOLDER / f"{name}.json"
    if path.exists():
        print(f"{path} exists: fixtures are history and are never rewritten", file=sys.stderr)
        return 1
    path.write_text(json.dumps(fixture(record_planning()), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
