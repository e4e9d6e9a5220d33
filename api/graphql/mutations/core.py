"""The core decisions: one row each — its command, input, payload and the rule callers
read in the schema. decide.py does the rest, the same for all of them."""

from __future__ import annotations

import strawberry

from api.graphql.command_inputs import ITEM_DECISION, input_of
from api.graphql.decision_fields import EM, PO, decision
from api.graphql.payloads import ItemPayload as Item
from api.graphql.payloads import ProductPayload as Product
from api.graphql.payloads import RegisterMemberPayload as Member
from domain import commands as c

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

KEYLESS = input_of(c.RegisterMember, key=False)
RANKED = input_of(
    c.PrioritizeItem,
    rank="Target 1-based rank; larger than the backlog length means last.",
    expected_version="The product's backlogVersion the decision was based on.",
)
REFINED = input_of(
    c.RefineItem, title="A new title; null keeps it.", kind="A new kind; null keeps it."
)


@strawberry.type
class CoreMutations:
    """Administration, the product and its people, and the backlog's core decisions."""

    # fmt: off
    register_member = decision(c.RegisterMember, Member, ADMIN, input=KEYLESS)
    create_product = decision(c.CreateProduct, Product, ADMIN)
    grant_role = decision(c.GrantRole, Product, GRANT)
    define_vision = decision(c.DefineVision, Product, VISION)
    set_goal = decision(c.SetGoal, Product, PO)
    set_capacity = decision(c.SetCapacity, Product, EM)
    propose_item = decision(c.ProposeItem, Item, PROPOSE)
    prioritize_item = decision(c.PrioritizeItem, Item, PRIORITIZE, input=RANKED)
    refine_item = decision(c.RefineItem, Item, PO, input=REFINED)
    accept_item = decision(c.AcceptItem, Item, ACCEPT, input=ITEM_DECISION)
    drop_item = decision(c.DropItem, Item, DROP, input=ITEM_DECISION)
    estimate_item = decision(c.EstimateItem, Item, EM)
    assign_engineer = decision(c.AssignEngineer, Item, ASSIGN)
    unassign_engineer = decision(c.UnassignEngineer, Item, EM)
    start_item = decision(c.StartItem, Item, "READY -> IN_PROGRESS.", input=ITEM_DECISION)
    complete_item = decision(c.CompleteItem, Item, "IN_PROGRESS -> DONE.", input=ITEM_DECISION)
    # fmt: on
