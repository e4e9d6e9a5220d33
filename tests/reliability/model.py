"""A reference model of Tandem's decisions, written from the contract in plain dicts and lists.

It predicts, for any decision by anyone, either the error class the service must raise or
the outcome it must return and how many stored events the decision adds; then it applies
the decision to its own state. It shares no code with domain/ but the error classes and
Outcome, so the state machine in test_model.py can compare the two after every step.

Rules, in the order the service checks them (an earlier check decides the error):
 1. malformed ids and values -> InvalidInput (the administrator check comes first for
    registerMember and createProduct: anybody else is Forbidden whatever they send);
 2. an item id that names no item -> NotFound; for grantRole, an unknown member -> NotFound;
 3. an idempotency key the caller used before: same request -> the first outcome again,
    nothing recorded; a different request -> InvalidInput;
 4. an unknown product -> NotFound;
 5. the caller's role on the product -> Forbidden (PO decisions PO only, EM decisions EM
    only, proposeItem either, grantRole PO/EM/admin with an EM granting ENGINEER only; a
    member holding both decides as PO; the administrator only administers);
 6. the subject's state and expectedVersion -> Conflict, a member without a role ->
    InvalidInput.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from domain.outcome import Outcome

PO, EM, ENGINEER, STAKEHOLDER = "PRODUCT_OWNER", "ENGINEERING_MANAGER", "ENGINEER", "STAKEHOLDER"
RANKED = ("PROPOSED", "READY", "IN_PROGRESS", "DONE")
MAX_RANK = 2**31 - 1


@dataclass
class ItemModel:
    product: str
    title: str
    description: str = ""
    status: str = "PROPOSED"
    estimate: float | None = None
    criteria: list[str] = field(default_factory=list)
    assignments: dict[str, int] = field(default_factory=dict)
    version: int = 1

    def readiness(self) -> str:
        if self.status not in ("PROPOSED", "READY"):
            return self.status
        return "READY" if self.criteria and self.estimate is not None else "PROPOSED"


@dataclass
class ProductModel:
    vision: str
    roles: dict[str, list[str]] = field(default_factory=dict)
    capacities: dict[str, int] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    goals: int = 0
    backlog_version: int = 0
    version: int = 1


@dataclass
class Caller:
    """Who decides: a member id, or the administrator (member None)."""

    member: str | None

    @property
    def key(self) -> str:
        return "admin" if self.member is None else f"member:{self.member}"


@dataclass
class Prediction:
    outcome: Outcome
    events: int  # stored events the decision adds (0 for a replay or a role already held)
    replayed: bool = False


# -- value checks, as the contract states them -----------------------------------------


def text(value: str, limit: int, required: bool = True) -> str:
    cleaned = value.strip()
    if (required and not cleaned) or len(cleaned) > limit or "\x00" in cleaned:
        raise InvalidInput(value)
    return cleaned


def rationale(value: str | None, required: bool) -> str | None:
    if value is None or not value.strip():
        if required:
            raise InvalidInput("rationale")
        return None
    return text(value, 2_000)


def canonical(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise InvalidInput(value) from None


class Model:
    """Members, products and items as plain data; one method per decision."""

    def __init__(self) -> None:
        self.members: dict[str, str] = {}  # id -> email
        self.products: dict[str, ProductModel] = {}
        self.items: dict[str, ItemModel] = {}
        self.keys: dict[tuple[str, str], tuple[tuple[object, ...], Outcome]] = {}

    # -- shared shapes --------------------------------------------------------------

    def run(
        self,
        caller: Caller,
        key: str | None,
        request: tuple[object, ...],
        decide: Callable[[], Prediction],
    ) -> Prediction:
        if key is not None:
            prior = self.keys.get((caller.key, key))
            if prior is not None:
                if prior[0] != request:
                    raise InvalidInput("key used for a different request")
                return Prediction(prior[1], 0, replayed=True)
        prediction = decide()
        if key is not None:
            self.keys[(caller.key, key)] = (request, prediction.outcome)
            prediction.events += 1
        return prediction

    def product(self, product_id: str) -> ProductModel:
        if product_id not in self.products:
            raise NotFound(product_id)
        return self.products[product_id]

    def item_of(self, item_id: str) -> ItemModel:
        item_id = canonical(item_id)
        if item_id not in self.items:
            raise NotFound(item_id)
        return self.items[item_id]

    @staticmethod
    def role(product: ProductModel, caller: Caller, allowed: tuple[str, ...]) -> str:
        held = product.roles.get(caller.member or "", [])
        for role in allowed:
            if role in held:
                return role
        raise Forbidden(str(allowed))

    def about_member(self, product: ProductModel, caller: Caller, member: str) -> None:
        self.role(product, caller, (EM,))
        if not product.roles.get(member) and member not in self.members:
            raise NotFound(member)

    @staticmethod
    def has_role(product: ProductModel, member: str) -> None:
        if not product.roles.get(member):
            raise InvalidInput("no role on the product")

    @staticmethod
    def expect(expected: int | None, actual: int) -> None:
        if expected is not None and expected != actual:
            raise Conflict(f"at {actual}, not {expected}")

    def decided(
        self,
        product_id: str,
        events: int = 1,
        item_id: str | None = None,
        member_id: str | None = None,
        created: str | None = None,
    ) -> Prediction:
        product = self.products[product_id]
        product.version += 1
        outcome = Outcome(product_id, item_id, member_id, product.version, created_id=created)
        return Prediction(outcome, events)

    def on_item(
        self,
        caller: Caller,
        key: str | None,
        request: tuple[object, ...],
        item_id: str,
        change: Callable[[ProductModel, ItemModel], None],
    ) -> Prediction:
        item = self.item_of(item_id)
        item_id = canonical(item_id)

        def decide() -> Prediction:
            product = self.products[item.product]
            change(product, item)
            item.version += 1
            return self.decided(item.product, item_id=item_id)

        return self.run(caller, key, (*request, item_id), decide)

    def on_product(
        self,
        caller: Caller,
        key: str | None,
        request: tuple[object, ...],
        product_id: str,
        change: Callable[[ProductModel], None],
        member_id: str | None = None,
    ) -> Prediction:
        product_id = canonical(product_id)

        def decide() -> Prediction:
            change(self.product(product_id))
            return self.decided(product_id, member_id=member_id)

        return self.run(caller, key, (*request, product_id), decide)

    # -- administration -------------------------------------------------------------

    def register_member(self, caller: Caller, name: str, email: str, new_id: str) -> Prediction:
        if caller.member is not None:
            raise Forbidden("administrator only")
        text(name, 200)
        email = text(email, 254).lower()
        if email in self.members.values():
            raise Conflict("email taken")
        self.members[new_id] = email
        return Prediction(Outcome(new_id), 3)  # member, credential, e-mail claim

    def create_product(
        self, caller: Caller, name: str, vision: str, key: str | None, new_id: str
    ) -> Prediction:
        if caller.member is not None:
            raise Forbidden("administrator only")
        name, vision = text(name, 200), text(vision, 10_000)

        def decide() -> Prediction:
            self.products[new_id] = ProductModel(vision=vision)
            return Prediction(Outcome(new_id, version=1), 1)

        return self.run(caller, key, ("createProduct", name, vision), decide)

    def grant_role(
        self, caller: Caller, product_id: str, member: str, role: str, key: str | None
    ) -> Prediction:
        product_id, member = canonical(product_id), canonical(member)
        if member not in self.members:
            raise NotFound(member)

        def decide() -> Prediction:
            product = self.product(product_id)
            if caller.member is not None:
                decided_in = self.role(product, caller, (PO, EM))
                if decided_in == EM and role != ENGINEER:
                    raise Forbidden("an EM grants ENGINEER only")
            if role in product.roles.get(member, []):
                return Prediction(Outcome(product_id, member_id=member), 0)
            product.roles.setdefault(member, []).append(role)
            return self.decided(product_id, member_id=member)

        return self.run(caller, key, ("grantRole", product_id, member, role), decide)

    # -- Product Owner --------------------------------------------------------------

    def define_vision(
        self, caller: Caller, product_id: str, vision: str, why: str | None, key: str | None
    ) -> Prediction:
        vision, why = text(vision, 10_000), rationale(why, required=True)

        def change(product: ProductModel) -> None:
            self.role(product, caller, (PO,))
            product.vision = vision

        return self.on_product(caller, key, ("defineVision", vision, why), product_id, change)

    def set_goal(
        self,
        caller: Caller,
        product_id: str,
        title: str,
        metric: str | None,
        target: datetime | None,
        key: str | None,
    ) -> Prediction:
        title = text(title, 200)
        metric = text(metric, 2_000) if metric else None
        if target is not None and target.tzinfo is None:
            raise InvalidInput("targetDate")

        def change(product: ProductModel) -> None:
            self.role(product, caller, (PO,))
            product.goals += 1

        request = ("setGoal", title, metric, target)
        return self.on_product(caller, key, request, product_id, change)

    def propose_item(
        self,
        caller: Caller,
        product_id: str,
        title: str,
        why: str | None,
        key: str | None,
        new_id: str,
    ) -> Prediction:
        title, why = text(title, 200), rationale(why, required=False)
        product_id = canonical(product_id)

        def decide() -> Prediction:
            product = self.product(product_id)
            self.role(product, caller, (PO, EM))
            self.items[new_id] = ItemModel(product=product_id, title=title)
            product.order.append(new_id)
            product.backlog_version += 1
            # the product and a locator; the outcome names the new item twice
            return self.decided(product_id, events=2, item_id=new_id, created=new_id)

        return self.run(caller, key, ("proposeItem", product_id, title, why), decide)
