"""Two products for the hostile and authorization suites, on top of tests/api's crew.

Checkout (gather_crew): Ana PO, Ben EM, Cleo engineer, Dev stakeholder; Eve holds no
role anywhere. Billing: Fay PO, Gus EM, Hal engineer, Ivy stakeholder. Each product has
items in several states, an assignment, a capacity and goals, so that every read path has
something to show, and `ids` names every object of either product.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.actor import Actor
from domain.commands import (
    AcceptItem,
    AssignEngineer,
    CompleteItem,
    CreateProduct,
    DefineVision,
    DropItem,
    EstimateItem,
    GrantRole,
    ProposeItem,
    RefineItem,
    RegisterMember,
    SetCapacity,
    SetGoal,
    StartItem,
)
from domain.vocabulary import Role
from tests.api.harness import Api, gather_crew

ROLE_OF = {  # the caller that stands for each kind of caller, on Checkout
    "PRODUCT_OWNER": "Ana",
    "ENGINEERING_MANAGER": "Ben",
    "ENGINEER": "Cleo",
    "STAKEHOLDER": "Dev",
    "non-member": "Eve",
    "admin": "admin",
    "anonymous": "anonymous",
}
BILLING = {
    "Fay": Role.PRODUCT_OWNER,
    "Gus": Role.ENGINEERING_MANAGER,
    "Hal": Role.ENGINEER,
    "Ivy": Role.STAKEHOLDER,
}


@dataclass
class World:
    api: Api
    checkout: str
    billing: str
    ids: dict[str, str] = field(default_factory=dict)
    """Every named object: products, members, items ("Checkout/SSO login"), decisions
    ("Checkout/decision/<n>", oldest first), goals."""

    def weighted_ids(self) -> list[str]:
        """Every id, products first (hypothesis favours the start of a list) and more
        often than items, members and the many decisions."""
        weights = {"product": 12, "item": 3, "member": 2, "decision": 1}
        kinds: dict[str, list[str]] = {kind: [] for kind in weights}
        for name, value in sorted(self.ids.items()):
            kind = (
                "decision"
                if "/decision/" in name
                else "item"
                if "/" in name
                else "product"
                if name in ("Checkout", "Billing")
                else "member"
            )
            kinds[kind] += [value] * weights[kind]
        return [value for values in kinds.values() for value in values]

    def of(self, product: str) -> dict[str, str]:
        """The ids of one product's objects, by name."""
        return {k: v for k, v in self.ids.items() if k.startswith(f"{product}/")}


async def two_products(api: Api) -> World:
    await gather_crew(api)
    tandem, admin = api.tandem, Actor.admin()
    for name in BILLING:
        registration = tandem.decide(
            admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
        )
        api.ids[name], api.tokens[name] = registration.member_id, registration.token
    billing = tandem.decide(
        admin, CreateProduct(name="Billing", vision="Invoices that pay themselves")
    ).product_id
    for name, role in BILLING.items():
        tandem.decide(admin, GrantRole(product_id=billing, member_id=api.ids[name], role=role))
    world = World(api, api.product_id, billing)
    world.ids.update({"Checkout": api.product_id, "Billing": billing})
    world.ids.update(
        {name: api.ids[name] for name in (*ROLE_OF.values(), *BILLING) if name in api.ids}
    )
    shape(world, "Checkout", "Ana", "Ben", "Cleo", ("SSO login", "Guest checkout", "Apple Pay"))
    shape(world, "Billing", "Fay", "Gus", "Hal", ())
    await api.settled()
    for product in ("Checkout", "Billing"):
        rows = await api.services.reader.decisions_after(world.ids[product], 0, 500)
        for n, row in enumerate(rows):
            world.ids[f"{product}/decision/{n}"] = row.id
    return world


def shape(
    world: World, product: str, po: str, em: str, engineer: str, titles: tuple[str, ...]
) -> None:
    """Items in every state, an assignment, a capacity and a goal."""
    api, tandem = world.api, world.api.tandem
    owner, manager = api.actor(po), api.actor(em)
    product_id = world.ids[product]
    for title in titles:
        world.ids[f"{product}/{title}"] = api.ids[title]
    for title in ("Invoices", "Refunds", "Dunning", "Tax report"):
        outcome = tandem.decide(
            owner, ProposeItem(product_id=product_id, title=f"{title} ({product})")
        )
        world.ids[f"{product}/{title}"] = str(outcome.item_id)
    ready, done, dropped = (world.ids[f"{product}/{t}"] for t in ("Invoices", "Refunds", "Dunning"))
    for item in (ready, done):
        tandem.decide(owner, RefineItem(item_id=item, acceptance_criteria=["Totals add up"]))
        tandem.decide(manager, EstimateItem(item_id=item, points=3))
    tandem.decide(manager, StartItem(item_id=done))
    tandem.decide(manager, CompleteItem(item_id=done))
    tandem.decide(owner, AcceptItem(item_id=done))
    tandem.decide(owner, DropItem(item_id=dropped, rationale="Not this quarter"))
    tandem.decide(manager, AssignEngineer(item_id=ready, member_id=api.ids[engineer], percent=60))
    tandem.decide(
        manager, SetCapacity(product_id=product_id, member_id=api.ids[engineer], percent=80)
    )
    tandem.decide(owner, SetGoal(product_id=product_id, title=f"{product} conversion +5%"))
    tandem.decide(
        owner, DefineVision(product_id=product_id, vision=f"{product}, simply", rationale="Focus")
    )
