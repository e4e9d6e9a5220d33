"""Writes the golden fixture of sealed personal data and of forgetting a member:

    python -m tests.people.make_erasure_fixtures

Fay is registered (name and e-mail sealed under her key), Ben records a note about
her (title and body sealed), and she is forgotten. The fixture holds no keys, so
whoever loads it reads Fay as forgotten, as a store does once her key is destroyed.
Like every fixture it is history: written once, never regenerated over."""

from __future__ import annotations

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    CreateProduct,
    ForgetMember,
    GrantRole,
    RecordPeopleNote,
    RegisterMember,
)
from domain.people_vocabulary import PeopleNoteKind
from domain.vocabulary import Role
from tests.people.make_people_fixtures import write_story

NAME = "story-people-v2-erasure"


def record(app: Tandem) -> None:
    admin = Actor.admin()
    ids = {
        name: str(
            app.decide(admin, RegisterMember(name=name, email=f"{name}@erasure.example")).member_id
        )
        for name in ("Ben", "Fay")
    }
    product_id = str(app.decide(admin, CreateProduct(name="Privacy", vision="Forget")).product_id)
    for name, role in (("Ben", Role.ENGINEERING_MANAGER), ("Fay", Role.ENGINEER)):
        app.decide(admin, GrantRole(product_id=product_id, member_id=ids[name], role=role))
    app.decide(
        Actor.member(ids["Ben"]),
        RecordPeopleNote(
            product_id=product_id,
            member_id=ids["Fay"],
            kind=PeopleNoteKind.ONE_ON_ONE,
            title="Goals",
            body="Wants to lead",
        ),
    )
    app.decide(admin, ForgetMember(member_id=ids["Fay"], rationale="She asked"))
    app.take_snapshot(app.product(product_id).id)


if __name__ == "__main__":
    raise SystemExit(write_story(NAME, record))
