"""The core decisions: one row each — its command, input, payload and the rule callers
read in the schema. decide.py does the rest, the same for all of them."""

from __future__ import annotations

import strawberry

from api.graphql import inputs as i
from api.graphql.decision_fields import decision
from api.graphql.payloads import ItemPayload as Item
from api.graphql.payloads import ProductPayload as Product
from api.graphql.payloads import RegisterMemberPayload as Member
from domain import commands as c

PO = "Product Owner decision (PRODUCT_OWNER only)."
EM = "Engineering Manager decision (ENGINEERING_MANAGER only)."
ADMIN = "Administrator only."
GRANT = (
    "Administrator, or the product's PRODUCT_OWNER or ENGINEERING_MANAGER "
    "(an EM may grant ENGINEER only)."
)
VISION = PO + " Rationale required."
PROPOSE = "PRODUCT_OWNER or ENGINEERING_MANAGER; a new item enters at the bottom of the backlog."
PRIORITIZE = PO + " Rationale required; expectedVersion is the product's backlogVersion."
ACCEPT = "DONE -> ACCEPTED: the Product Owner validates the delivered value."
DROP = "Any state before ACCEPTED -> DROPPED; rationale required."
ASSIGN = (
    "The member must hold a role on the product; "
    "over-allocation is allowed and shown in the allocation view."
)


@strawberry.type
class CoreMutations:
    """Administration, the product and its people, and the backlog's core decisions."""

    # fmt: off
    register_member = decision(c.RegisterMember, i.RegisterMemberInput, Member, ADMIN)
    create_product = decision(c.CreateProduct, i.CreateProductInput, Product, ADMIN)
    grant_role = decision(c.GrantRole, i.GrantRoleInput, Product, GRANT)
    define_vision = decision(c.DefineVision, i.DefineVisionInput, Product, VISION)
    set_goal = decision(c.SetGoal, i.SetGoalInput, Product, PO)
    set_capacity = decision(c.SetCapacity, i.SetCapacityInput, Product, EM)
    propose_item = decision(c.ProposeItem, i.ProposeItemInput, Item, PROPOSE)
    prioritize_item = decision(c.PrioritizeItem, i.PrioritizeItemInput, Item, PRIORITIZE)
    refine_item = decision(c.RefineItem, i.RefineItemInput, Item, PO)
    accept_item = decision(c.AcceptItem, i.ItemDecisionInput, Item, ACCEPT)
    drop_item = decision(c.DropItem, i.ItemDecisionInput, Item, DROP)
    estimate_item = decision(c.EstimateItem, i.EstimateItemInput, Item, EM)
    assign_engineer = decision(c.AssignEngineer, i.AssignEngineerInput, Item, ASSIGN)
    unassign_engineer = decision(c.UnassignEngineer, i.UnassignEngineerInput, Item, EM)
    start_item = decision(c.StartItem, i.ItemDecisionInput, Item, "READY -> IN_PROGRESS.")
    complete_item = decision(c.CompleteItem, i.ItemDecisionInput, Item, "IN_PROGRESS -> DONE.")
    # fmt: on
