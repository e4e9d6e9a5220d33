"""A member who made decisions and has notes about them, then is forgotten: the
`given` shared by the forgetting tests and the erasure tests."""

from __future__ import annotations

from dataclasses import dataclass

from domain import commands as c
from domain.actor import Actor
from domain.people_vocabulary import PeopleNoteKind
from domain.vocabulary import Role
from tests.api.harness import Api

NAME = "Quillon Vexmarrow"
EMAIL = "quillon.vexmarrow-7f3a@tandem.example"
NOTE_TITLE = "Zephyrine review 91c2"
NOTE_BODY = "Mentions Brackwater mentoring 4d7e in private"
MARKERS = (NAME, EMAIL, NOTE_TITLE, NOTE_BODY, "Quillon", "Vexmarrow", "Zephyrine", "Brackwater")
"""Unique strings of the member's personal data (and their parts)."""


@dataclass
class Given:
    member_id: str
    token: str
    products: tuple[str, str]
    records: list[str]


async def quillon_decides_and_is_noted(api: Api) -> Given:
    """Quillon, an engineer on Checkout and on a second product, requests an item on
    each (two decisions), is assigned by Ben, and Ben records two notes about them."""
    tandem, admin, ben = api.tandem, Actor.admin(), api.actor("Ben")
    joined = tandem.decide(admin, c.RegisterMember(name=NAME, email=EMAIL))
    member_id, token = str(joined.member_id), str(joined.token)
    second = str(tandem.decide(admin, c.CreateProduct(name="Payroll", vision="On time")).product_id)
    tandem.decide(
        admin,
        c.GrantRole(product_id=second, member_id=api.ids["Ben"], role=Role.ENGINEERING_MANAGER),
    )
    records = []
    for product_id in (api.product_id, second):
        tandem.decide(
            admin, c.GrantRole(product_id=product_id, member_id=member_id, role=Role.ENGINEER)
        )
        quillon = Actor.member(member_id)
        tandem.decide(
            quillon,
            c.RequestItem(product_id=product_id, title="Dark mode", rationale="Night shifts"),
        )
        item = api.ids["SSO login"] if product_id == api.product_id else None
        if item is not None:
            tandem.decide(ben, c.AssignEngineer(item_id=item, member_id=member_id, percent=50))
        note = tandem.decide(
            ben,
            c.RecordPeopleNote(
                product_id=product_id,
                member_id=member_id,
                kind=PeopleNoteKind.REVIEW,
                title=NOTE_TITLE,
                body=NOTE_BODY,
            ),
        )
        records.append(str(note.created_id))
    await api.settled()
    return Given(member_id, token, (api.product_id, second), records)
