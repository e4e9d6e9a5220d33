"""Writes the golden event fixtures: every event type, as Tandem stores it today.

    python -m tests.reliability.make_fixtures [NAME]

Records one story on the memory backend with a fixed clock (the Checkout crew
deciding every kind of decision, with an idempotency key and a snapshot) and writes
its stored events, exactly as the recorder holds them (topic and state bytes), to
tests/fixtures/events/NAME.json (default: story-v1).

Fixtures are history: once committed they are what stores in production hold, and
they are never regenerated over. The script refuses to overwrite a file. When a new
event type appears, record another story under a new NAME (the test loads every
file) rather than rewriting the old ones; when an event's shape changes, the old
fixtures stay as they are and the change comes with an upcaster
(see tests/reliability/test_schema_evolution.py).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from eventsourcing.persistence import StoredEvent

from domain.actor import Actor
from domain.application import Tandem
from domain.causes import decision_id
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    CreateProduct,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    PrioritizeItem,
    ProposeItem,
    RefineItem,
    RegisterMember,
    ScoreItem,
    SetCapacity,
    SetGoal,
    StartItem,
    UnassignEngineer,
)
from domain.scoring import check_score
from domain.vocabulary import ItemKind, Role
from tests.given import Clock
from tests.lifecycle.story import lifecycle_chapter

FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "events"
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def record_story() -> Tandem:
    """Ana (Product Owner), Ben (Engineering Manager), Cleo (engineer) and Dev
    (stakeholder) make every decision there is about "Checkout"."""
    app = Tandem({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=Clock(MONDAY))
    admin = Actor.admin()
    ids = {
        name: app.decide(
            admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
        ).member_id
        for name in ("Ana", "Ben", "Cleo", "Dev")
    }
    ana, ben = Actor.member(ids["Ana"]), Actor.member(ids["Ben"])
    product = app.decide(
        admin,
        CreateProduct(name="Checkout", vision="Pay in one minute"),
        idempotency_key="create-checkout",
    )
    pid = product.product_id
    for name, role in (
        ("Ana", Role.PRODUCT_OWNER),
        ("Ben", Role.ENGINEERING_MANAGER),
        ("Cleo", Role.ENGINEER),
        ("Dev", Role.STAKEHOLDER),
    ):
        app.decide(admin, GrantRole(product_id=pid, member_id=ids[name], role=role))
    app.decide(ana, DefineVision(product_id=pid, vision="Pay in one tap", rationale="mobile first"))
    app.decide(
        ana,
        SetGoal(
            product_id=pid,
            title="Checkout in one tap",
            metric="conversion +5%",
            target_date=MONDAY + timedelta(days=90),
        ),
    )
    app.decide(
        ben,
        SetCapacity(
            product_id=pid, member_id=ids["Cleo"], percent=80, rationale="half a sprint of on-call"
        ),
    )
    items = {
        title: app.decide(
            ana,
            ProposeItem(product_id=pid, title=title, description=f"{title}, as asked", kind=kind),
        ).item_id
        or ""
        for title, kind in (
            ("SSO login", ItemKind.FEATURE),
            ("Guest checkout", ItemKind.IMPROVEMENT),
            ("Apple Pay", ItemKind.BUG),
            ("Dark mode", ItemKind.TECH_DEBT),
        )
    }
    app.decide(
        ana,
        PrioritizeItem(
            item_id=items["Apple Pay"], rank=1, rationale="partner launch", expected_version=4
        ),
    )
    for title, points in (("SSO login", 5.0), ("Guest checkout", 3.0)):
        app.decide(
            ana, RefineItem(item_id=items[title], acceptance_criteria=[f"{title} works on mobile"])
        )
        app.decide(
            ben,
            EstimateItem(item_id=items[title], points=points, rationale="compared with Passkeys"),
        )
    app.decide(
        ben,
        AssignEngineer(
            item_id=items["SSO login"], member_id=ids["Cleo"], percent=50, rationale="knows the IdP"
        ),
    )
    app.decide(
        ben, AssignEngineer(item_id=items["Guest checkout"], member_id=ids["Cleo"], percent=30)
    )
    app.decide(
        ben,
        UnassignEngineer(
            item_id=items["Guest checkout"], member_id=ids["Cleo"], rationale="SSO first"
        ),
    )
    app.decide(ben, StartItem(item_id=items["SSO login"]))
    app.decide(ben, CompleteItem(item_id=items["SSO login"], rationale="shipped behind a flag"))
    app.decide(ana, AcceptItem(item_id=items["SSO login"], rationale="demoed to finance"))
    app.decide(ana, DropItem(item_id=items["Dark mode"], rationale="no user asked for it"))
    wsjf = {"model": "WSJF", "businessValue": 8, "timeCriticality": 5, "riskReduction": 3}
    score = check_score({**wsjf, "jobSize": 2})
    app.decide(ana, ScoreItem(item_id=items["Apple Pay"], score=score, caused_by=[first_of(pid)]))
    lifecycle_chapter(app, pid or "", ids, items)  # type: ignore[arg-type]
    app.take_snapshot(app.product(pid).id)
    return app


def first_of(product_id: str | None) -> str:
    """The id of a product's first decision (ProductCreated)."""
    return decision_id(str(product_id), 1)


def stored(event: StoredEvent, position: int | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {} if position is None else {"position": position}
    entry.update(
        originator_id=str(event.originator_id),
        originator_version=event.originator_version,
        topic=event.topic,
        state=event.state.decode("utf-8"),  # the JSON transcoder's bytes, uncompressed
    )
    return entry


def fixture(app: Tandem) -> dict[str, Any]:
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    products = {n.originator_id for n in notifications if n.topic.endswith(":ProductCreated")}
    assert app.snapshots is not None
    snapshots = [s for pid in products for s in app.snapshots.recorder.select_events(pid)]
    return {
        "about": "Tandem's stored events as recorded by make_fixtures.py; never edit or "
        "regenerate: old stores hold exactly these bytes.",
        "eventsourcing": version("eventsourcing"),
        "events": [stored(n, n.id) for n in notifications],
        "snapshots": [stored(s) for s in snapshots],
    }


def main(argv: list[str]) -> int:
    name = argv[0] if argv else "story-v1"
    path = FOLDER / f"{name}.json"
    if path.exists():
        print(f"{path} exists: fixtures are history and are never rewritten", file=sys.stderr)
        return 1
    FOLDER.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fixture(record_story()), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
