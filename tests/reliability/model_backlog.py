"""The reference model's backlog decisions: ranking, refinement, estimates, the status
machine and allocation (see model.py for the order in which rules are checked)."""

from __future__ import annotations

from domain.errors import Conflict, InvalidInput
from tests.reliability.model import (
    EM,
    ENGINEER,
    MAX_RANK,
    PO,
    RANKED,
    Caller,
    ItemModel,
    Model,
    Prediction,
    ProductModel,
    canonical,
    rationale,
    text,
)

TRANSITIONS = {  # operation -> (role, from, to)
    "startItem": (EM, ("READY",), "IN_PROGRESS"),
    "completeItem": (EM, ("IN_PROGRESS",), "DONE"),
    "acceptItem": (PO, ("DONE",), "ACCEPTED"),
    "dropItem": (PO, RANKED, "DROPPED"),
}


def percent(value: int, low: int) -> int:
    if not low <= value <= 100:
        raise InvalidInput("percent")
    return value


class BacklogModel(Model):
    def open_item(self, item: ItemModel, expected: int | None) -> None:
        self.expect(expected, item.version)
        if item.status not in RANKED:
            raise Conflict(f"a {item.status} item cannot change any more")

    def prioritize_item(
        self,
        caller: Caller,
        item_id: str,
        rank: int,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(item_id)
        if rank < 1:
            raise InvalidInput("rank")
        rank, why = min(rank, MAX_RANK), rationale(why, required=True)

        def change(product: ProductModel, item: ItemModel) -> None:
            self.role(product, caller, (PO,))
            self.expect(expected, product.backlog_version)
            item_id_ = canonical(item_id)
            if item_id_ not in product.order:
                raise Conflict("no rank to change")
            product.order.remove(item_id_)
            product.order.insert(min(rank, len(product.order) + 1) - 1, item_id_)
            product.backlog_version += 1

        request = ("prioritizeItem", rank, why, expected)
        return self.on_item(caller, key, request, item_id, change)

    def refine_item(
        self,
        caller: Caller,
        item_id: str,
        description: str | None,
        criteria: list[str] | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(item_id)
        if description is not None:
            description = text(description, 10_000, required=False)
        if criteria is not None:
            if len(criteria) > 50:
                raise InvalidInput("criteria")
            criteria = [text(c, 500) for c in criteria]

        def change(product: ProductModel, item: ItemModel) -> None:
            self.role(product, caller, (PO,))
            self.open_item(item, expected)
            if description in (None, item.description) and criteria in (None, item.criteria):
                raise InvalidInput("the refinement changes nothing")
            if description is not None:
                item.description = description
            if criteria is not None:
                item.criteria = list(criteria)
            item.status = item.readiness()

        request = ("refineItem", description, None if criteria is None else tuple(criteria))
        return self.on_item(caller, key, (*request, expected), item_id, change)

    def estimate_item(
        self, caller: Caller, item_id: str, points: float, expected: int | None, key: str | None
    ) -> Prediction:
        canonical(item_id)
        if not 0 <= points <= 1_000:
            raise InvalidInput("points")
        points = float(points)

        def change(product: ProductModel, item: ItemModel) -> None:
            self.role(product, caller, (EM,))
            self.open_item(item, expected)
            item.estimate = points
            item.status = item.readiness()

        return self.on_item(caller, key, ("estimateItem", points, expected), item_id, change)

    def move_item(
        self,
        operation: str,
        caller: Caller,
        item_id: str,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        role, sources, target = TRANSITIONS[operation]
        why = rationale(why, required=operation == "dropItem")
        canonical(item_id)

        def change(product: ProductModel, item: ItemModel) -> None:
            held = product.roles.get(caller.member or "", [])
            assigned = caller.member in item.assignments and ENGINEER in held
            if role != EM or EM in held or not assigned:  # an assigned engineer may
                self.role(product, caller, (role,))  # start and complete (issue 13)
            self.expect(expected, item.version)
            if item.status not in sources:
                raise Conflict(f"cannot move a {item.status} item to {target}")
            item.status = target
            if target not in RANKED:
                product.order.remove(canonical(item_id))
                product.backlog_version += 1

        return self.on_item(caller, key, (operation, why, expected), item_id, change)

    # -- allocation -----------------------------------------------------------------

    def set_capacity(
        self, caller: Caller, product_id: str, member: str, value: int, key: str | None
    ) -> Prediction:
        member, value = canonical(member), percent(value, low=0)

        def change(product: ProductModel) -> None:
            self.about_member(product, caller, member)
            self.has_role(product, member)
            product.capacities[member] = value

        request = ("setCapacity", member, value)
        return self.on_product(caller, key, request, product_id, change, member_id=member)

    def assign_engineer(
        self, caller: Caller, item_id: str, member: str, value: int, key: str | None
    ) -> Prediction:
        canonical(item_id)
        member, value = canonical(member), percent(value, low=1)

        def change(product: ProductModel, item: ItemModel) -> None:
            self.about_member(product, caller, member)
            self.open_item(item, None)
            self.has_role(product, member)
            item.assignments[member] = value

        return self.on_item(caller, key, ("assignEngineer", member, value), item_id, change)

    def unassign_engineer(
        self, caller: Caller, item_id: str, member: str, key: str | None
    ) -> Prediction:
        canonical(item_id)
        member = canonical(member)

        def change(product: ProductModel, item: ItemModel) -> None:
            self.about_member(product, caller, member)
            if member not in item.assignments:
                raise Conflict("not assigned")
            del item.assignments[member]

        return self.on_item(caller, key, ("unassignEngineer", member), item_id, change)
