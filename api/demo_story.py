"""The demo's story: the Harbor Checkout team and six weeks of their decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from api.demo_governance import governance_chapter
from api.demo_integrity import integrity_chapter
from api.demo_lifecycle import lifecycle_chapter
from api.demo_people import people_story
from api.demo_planning import PlanningChapter
from api.demo_steps import Cast
from domain import commands as c
from domain.actor import Actor
from domain.application import Tandem
from domain.commands import (
    CreateProduct,
    DefineVision,
    GrantRole,
    ProposeItem,
    RegisterMember,
    SetGoal,
)
from domain.vocabulary import ItemKind, Role


class DemoClock:
    """Reads `day` days (and `hour` hours) after the start, a few seconds apart; it never
    goes backwards."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now

    def at(self, day: int, hour: int = 10) -> None:
        self.now = max(self.now, self.start + timedelta(days=day, hours=hour))


@dataclass
class Demo:
    """Who can log in to the demo, and what they look at."""

    product_id: str
    tokens: dict[str, str] = field(default_factory=dict)
    """Display line ("Ana Duarte, Product Owner") -> bearer token."""
    audit: str | None = None
    """The verified audit chain, in words ("143 decisions, head 9f2c...")."""


PEOPLE = [
    ("Ana Duarte", Role.PRODUCT_OWNER, "Product Owner"),
    ("Ben Okafor", Role.ENGINEERING_MANAGER, "Engineering Manager"),
    ("Chloé Martin", Role.ENGINEER, "Engineer"),
    ("Dev Patel", Role.ENGINEER, "Engineer"),
    ("Emeka Obi", Role.ENGINEER, "Engineer"),
    ("Eve Lindqvist", Role.STAKEHOLDER, "Stakeholder (Sales)"),
]

PROPOSALS_TABLE = """
day | who | title | kind | description
1 | Ana | SSO login | FEATURE | Sign in with the company's identity provider.
1 | Ana | Guest checkout | FEATURE | Buy without creating an account.
1 | Ana | Fix double charge on payment retry | BUG | A retry after a timeout charges twice.
1 | Ana | Apple Pay | FEATURE | One-tap payment on iOS and Safari.
2 | Ana | Address autocomplete | IMPROVEMENT | Suggest addresses as you type.
2 | Ben | Migrate payments to the v2 API | TECH_DEBT | The v1 payment API retires next quarter.
2 | Ben | Spike: fraud scoring vendors | SPIKE | Compare three vendors.
2 | Ana | Saved carts | FEATURE | Keep a cart across devices.
3 | Ana | Order confirmation email redesign | IMPROVEMENT | Clearer totals and delivery dates.
3 | Ana | Promo codes | FEATURE | Marketing campaigns need codes at checkout.
3 | Ana | Accessibility audit fixes | IMPROVEMENT | WCAG 2.2 AA findings.
3 | Ana | Split payments | FEATURE | Pay with two cards.
"""


def proposals() -> list[tuple[int, str, str, ItemKind, str]]:
    """The backlog's first items, read from the table above."""
    rows = [line.split("|") for line in PROPOSALS_TABLE.strip().splitlines()[1:]]
    return [
        (int(day), who.strip(), title.strip(), ItemKind(kind.strip()), text.strip())
        for day, who, title, kind, text in rows
    ]


# title, metric, weeks from the start to the target date
GOALS = [
    ("Lift checkout conversion by 5 points", "conversion rate", 12),
    ("Enterprise pilot live", "pilot customers signed in", 8),
]

DOUBLE, SSO, GUEST = "Fix double charge on payment retry", "SSO login", "Guest checkout"
V2, APPLE = "Migrate payments to the v2 API", "Apple Pay"

# day, who, command, item title ("" for the product), keyword arguments (members by first name)
# fmt: off
STEPS: list[tuple[int, str, type[c.Command], str, dict[str, Any]]] = [
    (4, "Ana", c.PrioritizeItem, DOUBLE, {"rank": 1, "rationale": "Customers charged twice"}),
    (4, "Ana", c.PrioritizeItem, SSO, {"rank": 2, "rationale": "The enterprise pilot needs it"}),
    (5, "Ana", c.RefineItem, DOUBLE, {"acceptance_criteria": [
        "A retried payment is charged once", "Idempotency key sent to the PSP"]}),
    (5, "Ben", c.EstimateItem, DOUBLE, {"points": 3, "rationale": "Known fix, mostly tests"}),
    (5, "Ana", c.RefineItem, SSO, {"acceptance_criteria": [
        "SAML and OIDC providers", "Just-in-time account creation"]}),
    (6, "Ben", c.EstimateItem, SSO, {"points": 8, "rationale": "Two protocols"}),
    (6, "Ben", c.SetCapacity, "", {"member": "Dev", "percent": 50,
                                    "rationale": "Shared with the platform team this quarter"}),
    (7, "Ben", c.AssignEngineer, DOUBLE, {"member": "Chloé", "percent": 60,
                                           "rationale": "Knows the payment client"}),
    (7, "Ben", c.StartItem, DOUBLE, {}),
    (8, "Ben", c.AssignEngineer, SSO, {"member": "Dev", "percent": 50}),
    (8, "Ben", c.AssignEngineer, SSO, {"member": "Emeka", "percent": 50}),
    (8, "Ben", c.StartItem, SSO, {}),
    (12, "Ben", c.CompleteItem, DOUBLE, {}),
    (13, "Ana", c.AcceptItem, DOUBLE, {"rationale": "Verified on staging with forced timeouts"}),
    (15, "Ben", c.EstimateItem, V2, {"points": 13, "rationale": "Touches every payment path"}),
    (16, "Ana", c.RefineItem, V2, {"acceptance_criteria": [
        "Refunds go through v2", "No call to v1 is left"]}),
    (18, "Ana", c.PrioritizeItem, GUEST, {"rank": 1, "rationale": "30% abandon at sign-up"}),
    (18, "Ana", c.RefineItem, GUEST, {"acceptance_criteria": [
        "No account needed to pay", "Offer to create one after payment"]}),
    (19, "Ben", c.EstimateItem, GUEST, {"points": 5}),
    (19, "Ben", c.AssignEngineer, GUEST, {"member": "Chloé", "percent": 80,
                                           "rationale": "Free after the double-charge fix"}),
    (20, "Ben", c.StartItem, GUEST, {}),
    (22, "Ana", c.DropItem, "Split payments", {"rationale": "Out of scope this quarter"}),
    (24, "Ana", c.PrioritizeItem, V2, {"rank": 3, "rationale": "v1 retirement date confirmed"}),
    (26, "Ben", c.CompleteItem, SSO, {"rationale": "Pilot tenant configured"}),
    (27, "Ana", c.AcceptItem, SSO, {"rationale": "Pilot users signed in"}),
    (30, "Ana", c.RefineItem, APPLE, {"acceptance_criteria": [
        "Available on Safari and iOS", "Falls back to the card form"]}),
    (30, "Ben", c.EstimateItem, APPLE, {"points": 5}),
    (33, "Ben", c.EstimateItem, V2, {"points": 8, "rationale": "The PSP's kit covers refunds"}),
    (34, "Ana", c.PrioritizeItem, APPLE, {"rank": 2, "rationale": "Two prospects asked for it"}),
    (36, "Ben", c.AssignEngineer, APPLE, {"member": "Dev", "percent": 50}),
    (36, "Ben", c.StartItem, APPLE, {}),
    (39, "Ben", c.CompleteItem, GUEST, {}),
    (40, "Ana", c.PrioritizeItem, "Promo codes", {"rank": 4, "rationale": "Black Friday"}),
    (41, "Ben", c.SetCapacity, "", {"member": "Emeka", "percent": 80,
                                     "rationale": "On call next sprint"}),
]
# fmt: on


def story(app: Tandem, clock: DemoClock) -> Demo:
    """Records the whole story; returns the product and everyone's token."""
    admin = Actor.admin()
    product = app.decide(
        admin, CreateProduct(name="Harbor Checkout", vision="A checkout anyone finishes fast")
    )
    pid = str(product.product_id)
    demo = Demo(pid)
    people: dict[str, str] = {}
    for name, role, label in PEOPLE:
        first = name.split()[0]
        email = f"{first.lower().replace('é', 'e')}@harbor.example"
        registration = app.decide(admin, RegisterMember(name=name, email=email))
        member_id = str(registration.member_id)
        app.decide(admin, GrantRole(product_id=pid, member_id=member_id, role=role))
        people[first] = member_id
        demo.tokens[f"{name}, {label}"] = str(registration.token)
    actors = {first: Actor.member(member) for first, member in people.items()}

    clock.at(0, 14)
    app.decide(
        actors["Ana"],
        DefineVision(
            product_id=pid,
            vision="A checkout a first-time customer finishes in under a minute, on any device",
            rationale="Sharpened after the Q3 conversion review",
        ),
    )
    for title, metric, weeks in GOALS:
        target_date = clock.start + timedelta(weeks=weeks)
        app.decide(
            actors["Ana"],
            SetGoal(product_id=pid, title=title, metric=metric, target_date=target_date),
        )
    items: dict[str, str] = {}
    for index, (day, who, title, kind, description) in enumerate(proposals()):
        clock.at(day, 9 + index % 4)
        rationale = "Raised in the planning session" if day == 1 else None
        outcome = app.decide(
            actors[who],
            ProposeItem(
                product_id=pid, title=title, description=description, kind=kind, rationale=rationale
            ),
        )
        items[title] = str(outcome.item_id)
    cast = Cast(app, pid, people, items)
    planning = PlanningChapter(app, clock, pid, actors, items)
    for index, (day, who, decision, title, arguments) in enumerate(STEPS):
        planning.until(day, 9 + index % 8)
        clock.at(day, 9 + index % 8)
        cast.decide(who, decision, title, arguments)
    planning.until(STEPS[-1][0] + 1)
    lifecycle_chapter(cast, clock)
    governance_chapter(app, clock, pid, actors, items)
    people_story(app, pid, actors, demo.tokens)
    integrity_chapter(app, clock, pid, actors, items)
    return demo
