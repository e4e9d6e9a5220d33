"""The everyday lifecycle's decisions (lifecycle.graphql): one row each."""

from __future__ import annotations

import strawberry

from api.graphql.command_inputs import ITEM_DECISION, input_of
from api.graphql.decision_fields import PO, decision
from api.graphql.lifecycle_payloads import goal_decision
from api.graphql.payloads import ItemPayload as Item
from api.graphql.payloads import ProductPayload as Product
from domain import commands as c


@strawberry.type
class LifecycleMutations:
    """Revoking roles, goals revised and closed, items rejected, restored, requested."""

    revoke_role = decision(
        c.RevokeRole,
        Product,
        "Administrator, or the product's PRODUCT_OWNER or ENGINEERING_MANAGER (an EM may "
        "revoke ENGINEER only); rationale required. A role not held records nothing "
        "(decision: null); the last PRODUCT_OWNER cannot be revoked (CONFLICT).",
    )
    revise_goal = goal_decision(
        c.ReviseGoal,
        PO + " Fields left out are kept; metric or targetDate null clears it. "
        "Rationale required; a revision that changes nothing is BAD_USER_INPUT.",
        input_doc="Fields left out keep their value; metric or targetDate null clears it.",
    )
    change_goal_status = goal_decision(
        c.ChangeGoalStatus,
        PO + " Rationale required; the status the goal already has is CONFLICT.",
    )
    set_item_goals = decision(
        c.SetItemGoals,
        Item,
        PO + " Replaces the item's goal links (an empty list clears them); goals of "
        "another product are BAD_USER_INPUT.",
        input=input_of(
            c.SetItemGoals, doc="Replaces the item's goal links; an empty list clears them."
        ),
    )
    reject_item = decision(
        c.RejectItem,
        Item,
        "DONE -> IN_PROGRESS: the Product Owner does not accept the delivered value. "
        "Rationale required.",
        input=ITEM_DECISION,
    )
    restore_item = decision(
        c.RestoreItem,
        Item,
        "DROPPED -> PROPOSED (or READY), at the bottom of the backlog. PRODUCT_OWNER only; "
        "rationale required.",
        input=ITEM_DECISION,
    )
    request_item = decision(
        c.RequestItem,
        Item,
        "A stakeholder's request enters the backlog as PROPOSED, at the bottom. Any member "
        "holding a role may request; rationale (why it is needed) required.",
        input=input_of(c.RequestItem, rationale="Why it is needed."),
    )
