"""The application service: one method per decision, each load -> decide -> save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain import validation as v
from domain.actor import Actor
from domain.errors import Conflict, Forbidden
from domain.ledger import Ledger, Outcome, parse_id
from domain.locators import ItemLocator
from domain.member import Credential, EmailClaim, Member, new_token
from domain.product import EM, Product
from domain.vocabulary import ItemKind, Role


@dataclass(frozen=True)
class Registration:
    member_id: str
    token: str


class Tandem(Ledger):
    """Records the decisions of Product Owners and Engineering Managers."""

    # -- administration ----------------------------------------------------

    def register_member(self, actor: Actor, name: str, email: str) -> Registration:
        self._check_admin(actor)
        name = v.check_text(name, "name", limit=v.MAX_NAME)
        email = v.check_email(email)
        at = self.clock()
        member = Member.register(name=name, email=email, at=at)
        token = new_token()
        credential = Credential.issue(token=token, member_id=str(member.id), at=at)
        claim = EmailClaim.claim(email=email, member_id=str(member.id), at=at)
        try:
            self.save(member, credential, claim)
        except IntegrityError:
            raise Conflict("a member with this email is already registered") from None
        return Registration(member_id=str(member.id), token=token)

    def create_product(
        self, actor: Actor, name: str, vision: str, key: str | None = None
    ) -> Outcome:
        self._check_admin(actor)
        name = v.check_text(name, "name", limit=v.MAX_NAME)
        vision = v.check_text(vision, "vision", limit=v.MAX_TEXT)

        def decide(at: datetime) -> tuple[list[Aggregate], Outcome]:
            product = Product.create(name=name, vision=vision, at=at)
            return [product], Outcome(product_id=str(product.id), version=product.version)

        return self.run(actor, key, "createProduct", {"name": name, "vision": vision}, decide)

    def grant_role(
        self, actor: Actor, product_id: str, member_id: str, role: Role, key: str | None = None
    ) -> Outcome:
        product_id = str(parse_id(product_id, "product"))
        member_id = str(parse_id(member_id, "member"))
        self.member(member_id)

        def decide(at: datetime) -> tuple[list[Aggregate], Outcome]:
            product = self.product(product_id)
            recorded = product.grant_role(actor, member_id, role, self.dated(product, at))
            return [product], self._outcome(product, member_id=member_id, recorded=recorded)

        args = {"product": product_id, "member": member_id, "role": role.value}
        return self.run(actor, key, "grantRole", args, decide, subject=product_id)

    # -- Product Owner -----------------------------------------------------

    def define_vision(
        self,
        actor: Actor,
        product_id: str,
        vision: str,
        rationale: str | None,
        key: str | None = None,
    ) -> Outcome:
        vision = v.check_text(vision, "vision", limit=v.MAX_TEXT)
        rationale = v.check_rationale(rationale, required=True)
        return self._on_product(
            actor,
            key,
            "defineVision",
            product_id,
            {"vision": vision, "rationale": rationale},
            lambda p, at: p.define_vision(actor, vision, rationale, at),
        )

    def set_goal(
        self,
        actor: Actor,
        product_id: str,
        title: str,
        metric: str | None = None,
        target_date: datetime | None = None,
        key: str | None = None,
    ) -> Outcome:
        title = v.check_title(title)
        metric = v.check_text(metric, "metric", limit=v.MAX_RATIONALE) if metric else None
        target = v.check_instant(target_date, "targetDate")
        return self._on_product(
            actor,
            key,
            "setGoal",
            product_id,
            {"title": title, "metric": metric, "target": target},
            lambda p, at: p.set_goal(actor, title, metric, target, at),
        )

    def propose_item(
        self,
        actor: Actor,
        product_id: str,
        title: str,
        description: str = "",
        kind: ItemKind = ItemKind.FEATURE,
        rationale: str | None = None,
        key: str | None = None,
    ) -> Outcome:
        title = v.check_title(title)
        description = v.check_text(description, "description", limit=v.MAX_TEXT, required=False)
        rationale = v.check_rationale(rationale, required=False)
        product_id = str(parse_id(product_id, "product"))

        def decide(at: datetime) -> tuple[list[Aggregate], Outcome]:
            product = self.product(product_id)
            at = self.dated(product, at)
            item_id = product.propose_item(actor, title, description, kind, rationale, at)
            locator = ItemLocator.locate(item_id=item_id, product_id=str(product.id), at=at)
            return [product, locator], self._outcome(product, item_id=item_id)

        args = {
            "product": product_id,
            "title": title,
            "description": description,
            "kind": kind.value,
            "rationale": rationale,
        }
        return self.run(actor, key, "proposeItem", args, decide, subject=product_id)

    def prioritize_item(
        self,
        actor: Actor,
        item_id: str,
        rank: int,
        rationale: str | None,
        expected_version: int | None = None,
        key: str | None = None,
    ) -> Outcome:
        item_id = self.item_key(item_id)
        rank = v.check_rank(rank)
        rationale = v.check_rationale(rationale, required=True)
        return self._on_item(
            actor,
            key,
            "prioritizeItem",
            item_id,
            {"rank": rank, "rationale": rationale, "expected": expected_version},
            lambda p, at: p.prioritize_item(actor, item_id, rank, rationale, expected_version, at),
        )

    def refine_item(
        self,
        actor: Actor,
        item_id: str,
        description: str | None = None,
        acceptance_criteria: list[str] | None = None,
        expected_version: int | None = None,
        key: str | None = None,
    ) -> Outcome:
        item_id = self.item_key(item_id)
        if description is not None:
            description = v.check_text(description, "description", limit=v.MAX_TEXT, required=False)
        criteria = None if acceptance_criteria is None else v.check_criteria(acceptance_criteria)
        return self._on_item(
            actor,
            key,
            "refineItem",
            item_id,
            {"description": description, "criteria": criteria, "expected": expected_version},
            lambda p, at: p.refine_item(
                actor, item_id, description, criteria, expected_version, at
            ),
        )

    def accept_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None = None,
        expected_version: int | None = None,
        key: str | None = None,
    ) -> Outcome:
        return self._item_transition(
            actor, "acceptItem", Product.accept_item, item_id, rationale, expected_version, key
        )

    def drop_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None,
        expected_version: int | None = None,
        key: str | None = None,
    ) -> Outcome:
        v.check_rationale(rationale, required=True)
        return self._item_transition(
            actor, "dropItem", Product.drop_item, item_id, rationale, expected_version, key
        )

    # -- Engineering Manager -----------------------------------------------

    def estimate_item(
        self,
        actor: Actor,
        item_id: str,
        points: float,
        rationale: str | None = None,
        expected_version: int | None = None,
        key: str | None = None,
    ) -> Outcome:
        item_id = self.item_key(item_id)
        points = v.check_points(points)
        rationale = v.check_rationale(rationale, required=False)
        return self._on_item(
            actor,
            key,
            "estimateItem",
            item_id,
            {"points": points, "rationale": rationale, "expected": expected_version},
            lambda p, at: p.estimate_item(actor, item_id, points, rationale, expected_version, at),
        )

    def set_capacity(
        self,
        actor: Actor,
        product_id: str,
        member_id: str,
        percent: int,
        rationale: str | None = None,
        key: str | None = None,
    ) -> Outcome:
        member_id = str(parse_id(member_id, "member"))
        percent = v.check_percent(percent, "percent", low=0, high=100)
        rationale = v.check_rationale(rationale, required=False)
        return self._on_product(
            actor,
            key,
            "setCapacity",
            product_id,
            {"member": member_id, "percent": percent, "rationale": rationale},
            self._about_member(
                actor,
                member_id,
                lambda p, at: p.set_capacity(actor, member_id, percent, rationale, at),
            ),
            member_id=member_id,
        )

    def assign_engineer(
        self,
        actor: Actor,
        item_id: str,
        member_id: str,
        percent: int,
        rationale: str | None = None,
        key: str | None = None,
    ) -> Outcome:
        item_id = self.item_key(item_id)
        member_id = str(parse_id(member_id, "member"))
        percent = v.check_percent(percent, "percent", low=1, high=100)
        rationale = v.check_rationale(rationale, required=False)
        return self._on_item(
            actor,
            key,
            "assignEngineer",
            item_id,
            {"member": member_id, "percent": percent, "rationale": rationale},
            self._about_member(
                actor,
                member_id,
                lambda p, at: p.assign_engineer(actor, item_id, member_id, percent, rationale, at),
            ),
        )

    def unassign_engineer(
        self,
        actor: Actor,
        item_id: str,
        member_id: str,
        rationale: str | None = None,
        key: str | None = None,
    ) -> Outcome:
        item_id = self.item_key(item_id)
        member_id = str(parse_id(member_id, "member"))
        rationale = v.check_rationale(rationale, required=False)
        return self._on_item(
            actor,
            key,
            "unassignEngineer",
            item_id,
            {"member": member_id, "rationale": rationale},
            self._about_member(
                actor,
                member_id,
                lambda p, at: p.unassign_engineer(actor, item_id, member_id, rationale, at),
            ),
        )

    def start_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None = None,
        expected_version: int | None = None,
        key: str | None = None,
    ) -> Outcome:
        return self._item_transition(
            actor, "startItem", Product.start_item, item_id, rationale, expected_version, key
        )

    def complete_item(
        self,
        actor: Actor,
        item_id: str,
        rationale: str | None = None,
        expected_version: int | None = None,
        key: str | None = None,
    ) -> Outcome:
        return self._item_transition(
            actor, "completeItem", Product.complete_item, item_id, rationale, expected_version, key
        )

    # -- shared shapes -----------------------------------------------------

    @staticmethod
    def item_key(item_id: str) -> str:
        """The canonical form of an item id, as events and the backlog hold it."""
        return str(parse_id(item_id, "item"))

    def _about_member(self, actor: Actor, member_id: str, change: Any) -> Any:
        """An Engineering Manager's decision about a member: an id that names no
        member at all is NotFound, a member without a role here InvalidInput."""

        def checked(product: Product, at: datetime) -> None:
            product.check_role(actor, EM)  # who decides is checked before the subject
            if not product.roles.get(member_id):
                self.member(member_id)
            change(product, at)

        return checked

    @staticmethod
    def _check_admin(actor: Actor) -> None:
        if not actor.is_admin:
            raise Forbidden("only the administrator may do this")

    @staticmethod
    def _outcome(
        product: Product,
        *,
        item_id: str | None = None,
        member_id: str | None = None,
        recorded: bool = True,
    ) -> Outcome:
        return Outcome(
            product_id=str(product.id),
            item_id=item_id,
            member_id=member_id,
            version=product.version if recorded else None,
        )

    def _on_product(
        self,
        actor: Actor,
        key: str | None,
        operation: str,
        product_id: str,
        arguments: dict[str, Any],
        change: Any,
        member_id: str | None = None,
    ) -> Outcome:
        product_key = str(parse_id(product_id, "product"))

        def decide(at: datetime) -> tuple[list[Aggregate], Outcome]:
            product = self.product(product_key)
            change(product, self.dated(product, at))
            return [product], self._outcome(product, member_id=member_id)

        arguments = {"product": product_key, **arguments}
        return self.run(actor, key, operation, arguments, decide, subject=product_key)

    def _on_item(
        self,
        actor: Actor,
        key: str | None,
        operation: str,
        item_id: str,
        arguments: dict[str, Any],
        change: Any,
    ) -> Outcome:
        product_id = self.product_of_item(item_id)

        def decide(at: datetime) -> tuple[list[Aggregate], Outcome]:
            product = self.product(product_id)
            change(product, self.dated(product, at))
            return [product], self._outcome(product, item_id=item_id)

        arguments = {"item": item_id, **arguments}
        return self.run(actor, key, operation, arguments, decide, subject=product_id)

    def _item_transition(
        self,
        actor: Actor,
        operation: str,
        method: Any,
        item_id: str,
        rationale: str | None,
        expected: int | None,
        key: str | None,
    ) -> Outcome:
        item_id = self.item_key(item_id)
        rationale = v.check_rationale(rationale, required=operation == "dropItem")
        return self._on_item(
            actor,
            key,
            operation,
            item_id,
            {"rationale": rationale, "expected": expected},
            lambda p, at: method(p, actor, item_id, rationale, expected, at),
        )
