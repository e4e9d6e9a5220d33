"""The demo's people story: Ben hires a mobile engineer through a position, cancels
another, and keeps a few private notes about his team."""

from __future__ import annotations

from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    CancelPosition,
    FillPosition,
    OpenPosition,
    RecordPeopleNote,
    RegisterMember,
)
from domain.people_vocabulary import PeopleNoteKind

NOTES = [
    ("Chloé", "REVIEW", "Mid-year review", "Led the SSO work; ready to mentor."),
    ("Dev", "TRAINING_PLAN", "Accessibility training", "WCAG course before the audit."),
    ("Emeka", "ONE_ON_ONE", "Weekly one-on-one", "Wants more backend work next quarter."),
]


def people_story(
    app: Tandem, product_id: str, actors: dict[str, Actor], tokens: dict[str, str]
) -> None:
    """Records the positions and notes after the story's last decision (the demo clock
    ticks on by itself); the new hire's token joins `tokens`."""
    ben, admin = actors["Ben"], Actor.admin()
    opened = app.decide(
        ben,
        OpenPosition(
            product_id=product_id,
            title="Mobile engineer",
            description="iOS and Android checkout",
            rationale="The one-tap goal needs native wallets",
        ),
    )
    qa = app.decide(ben, OpenPosition(product_id=product_id, title="QA lead"))
    hire = app.decide(admin, RegisterMember(name="Farah Haddad", email="farah@harbor.example"))
    app.decide(ben, FillPosition(position_id=str(opened.created_id), member_id=str(hire.member_id)))
    tokens["Farah Haddad, Engineer"] = str(hire.token)
    app.decide(
        ben,
        CancelPosition(
            position_id=str(qa.created_id), rationale="Engineers own their tests this year"
        ),
    )
    for first, kind, title, body in NOTES:
        member = actors[first].member_id or ""
        app.decide(
            ben,
            RecordPeopleNote(
                product_id=product_id,
                member_id=member,
                kind=PeopleNoteKind(kind),
                title=title,
                body=body,
            ),
        )
