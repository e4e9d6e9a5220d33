"""Writes the golden fixture of the people area's events (positions, a people record,
a rotated token, a deactivation) on top of make_fixtures' story:

    python -m tests.people.make_people_fixtures

Like every fixture it is history: written once, never regenerated over."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    CancelPosition,
    CreateProduct,
    DeactivateMember,
    FillPosition,
    GrantRole,
    OpenPosition,
    RecordPeopleNote,
    RegisterMember,
    RotateToken,
)
from domain.vocabulary import Role
from tests.given import Clock
from tests.reliability.make_fixtures import FOLDER, MONDAY, fixture

NAME = "story-people-v1"


def write_story(name: str, record: Callable[[Tandem], None]) -> int:
    """Records a story on a fresh memory store with a fixed clock and writes its fixture;
    refuses to overwrite one (fixtures are history)."""
    path = FOLDER / f"{name}.json"
    if path.exists():
        print(f"{path} exists: fixtures are history and are never rewritten", file=sys.stderr)
        return 1
    app = Tandem({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=Clock(MONDAY))
    record(app)
    path.write_text(json.dumps(fixture(app), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return 0


def record(app: Tandem) -> None:
    admin = Actor.admin()
    ids = {
        name: str(
            app.decide(
                admin, RegisterMember(name=name, email=f"{name.lower()}@people.example")
            ).member_id
        )
        for name in ("Ben", "Cleo", "Dev")
    }
    product_id = str(app.decide(admin, CreateProduct(name="Hiring", vision="A team")).product_id)
    for name, role in (("Ben", Role.ENGINEERING_MANAGER), ("Cleo", Role.ENGINEER)):
        app.decide(admin, GrantRole(product_id=product_id, member_id=ids[name], role=role))
    ben = Actor.member(ids["Ben"])
    opened = app.decide(ben, OpenPosition(product_id=product_id, title="Backend engineer"))
    app.decide(ben, FillPosition(position_id=str(opened.created_id), member_id=ids["Dev"]))
    other = app.decide(ben, OpenPosition(product_id=product_id, title="SRE", rationale="on-call"))
    app.decide(ben, CancelPosition(position_id=str(other.created_id), rationale="budget"))
    app.decide(
        ben,
        RecordPeopleNote(
            product_id=product_id, member_id=ids["Cleo"], kind="REVIEW", title="Q3", body="Good"
        ),
    )
    app.decide(admin, RotateToken(member_id=ids["Cleo"]))
    app.decide(admin, DeactivateMember(member_id=ids["Dev"], rationale="left"))
    app.take_snapshot(app.product(product_id).id)


if __name__ == "__main__":
    raise SystemExit(write_story(NAME, record))
