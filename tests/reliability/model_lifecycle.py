"""The reference model's everyday-lifecycle decisions (contract part lifecycle.graphql,
issue 13): revoking roles, rejecting and restoring items, stakeholders' requests.

Written from the contract's header rules, in the order model.py lists them:
- revokeRole: the callers of grantRole (the administrator, the PO; an EM revokes ENGINEER
  only); rationale required; a role not held records nothing (no version); the product's
  last PRODUCT_OWNER cannot be revoked (Conflict); a member left with no role is no member.
- rejectItem (PO): DONE -> IN_PROGRESS, still ranked where it was; rationale required.
- restoreItem (PO): DROPPED -> PROPOSED (READY with criteria and an estimate), at the
  bottom of the backlog; rationale required.
- requestItem (any member holding a role): PROPOSED at the bottom, requestedBy set;
  rationale required.
"""

from __future__ import annotations

from domain.errors import Conflict, Forbidden, NotFound
from domain.outcome import Outcome
from tests.reliability.model import (
    EM,
    ENGINEER,
    PO,
    STAKEHOLDER,
    Caller,
    ItemModel,
    Prediction,
    ProductModel,
    canonical,
    rationale,
    text,
)
from tests.reliability.model_backlog import BacklogModel


class LifecycleModel(BacklogModel):
    def __init__(self) -> None:
        super().__init__()
        self.requested_by: dict[str, str] = {}  # item id -> the member who requested it

    def revoke_role(
        self,
        caller: Caller,
        product_id: str,
        member: str,
        role: str,
        why: str | None,
        key: str | None,
    ) -> Prediction:
        product_id, member = canonical(product_id), canonical(member)
        why = rationale(why, required=True)

        def decide() -> Prediction:
            product = self.product(product_id)
            if caller.member is not None:
                decided_in = self.role(product, caller, (PO, EM))
                if decided_in == EM and role != ENGINEER:
                    raise Forbidden("an EM revokes ENGINEER only")
            if not product.roles.get(member) and member not in self.members:
                raise NotFound(member)
            held = product.roles.get(member, [])
            if role not in held:
                return Prediction(Outcome(product_id, member_id=member), 0)
            owners = [m for m, roles in product.roles.items() if PO in roles]
            if role == PO and owners == [member]:
                raise Conflict("the last Product Owner")
            held.remove(role)
            if not held:
                del product.roles[member]
            return self.decided(product_id, member_id=member)

        request = ("revokeRole", product_id, member, role, why)
        return self.run(caller, key, request, decide)

    def reject_or_restore(
        self,
        operation: str,
        caller: Caller,
        item_id: str,
        why: str | None,
        expected: int | None,
        key: str | None,
    ) -> Prediction:
        canonical(item_id)
        why = rationale(why, required=True)
        source = "DONE" if operation == "rejectItem" else "DROPPED"

        def change(product: ProductModel, item: ItemModel) -> None:
            self.role(product, caller, (PO,))
            self.expect(expected, item.version)
            if item.status != source:
                raise Conflict(f"cannot {operation} a {item.status} item")
            if operation == "rejectItem":
                item.status = "IN_PROGRESS"
                return
            item.status = "PROPOSED"
            item.status = item.readiness()
            product.order.append(canonical(item_id))
            product.backlog_version += 1

        return self.on_item(caller, key, (operation, why, expected), item_id, change)

    def request_item(
        self,
        caller: Caller,
        product_id: str,
        title: str,
        why: str | None,
        key: str | None,
        new_id: str,
    ) -> Prediction:
        title, why = text(title, 200), rationale(why, required=True)
        product_id = canonical(product_id)

        def decide() -> Prediction:
            product = self.product(product_id)
            self.role(product, caller, (PO, EM, ENGINEER, STAKEHOLDER))
            self.items[new_id] = ItemModel(product=product_id, title=title)
            self.requested_by[new_id] = caller.member or ""
            product.order.append(new_id)
            product.backlog_version += 1
            return self.decided(product_id, events=2, item_id=new_id, created=new_id)

        return self.run(caller, key, ("requestItem", product_id, title, why), decide)
