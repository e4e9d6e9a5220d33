"""The everyday lifecycle's decisions (lifecycle.graphql): one row each."""

from __future__ import annotations

import strawberry

from api.graphql import inputs as i
from api.graphql import lifecycle_inputs as li
from api.graphql.decision_fields import decision
from api.graphql.lifecycle_payloads import goal_decision
from api.graphql.payloads import ItemPayload as Item
from api.graphql.payloads import ProductPayload as Product
from domain import commands as c

PO = "Product Owner decision (PRODUCT_OWNER only)."


@strawberry.type
class LifecycleMutations:
    """Revoking roles, goals revised and closed, items rejected, restored, requested."""

    revoke_role = decision(
        c.RevokeRole,
        li.RevokeRoleInput,
        Product,
        "Administrator, or the product's PRODUCT_OWNER or ENGINEERING_MANAGER (an EM may "
        "revoke ENGINEER only); rationale required. A role not held records nothing "
        "(decision: null); the last PRODUCT_OWNER cannot be revoked (CONFLICT).",
    )
    revise_goal = goal_decision(
        c.ReviseGoal,
        li.ReviseGoalInput,
        PO + " Fields left out are kept; metric or targetDate null clears it. "
        "Rationale required; a revision that changes nothing is BAD_USER_INPUT.",
    )
    change_goal_status = goal_decision(
        c.ChangeGoalStatus,
        li.ChangeGoalStatusInput,
        PO + " Rationale required; the status the goal already has is CONFLICT.",
    )
    set_item_goals = decision(
        c.SetItemGoals,
        li.SetItemGoalsInput,
        Item,
        PO + " Replaces the item's goal links (an empty list clears them); goals of "
        "another product are BAD_USER_INPUT.",
    )
    reject_item = decision(
        c.RejectItem,
        i.ItemDecisionInput,
        Item,
        "DONE -> IN_PROGRESS: the Product Owner does not accept the delivered value. "
        "Rationale required.",
    )
    restore_item = decision(
        c.RestoreItem,
        i.ItemDecisionInput,
        Item,
        "DROPPED -> PROPOSED (or READY), at the bottom of the backlog. PRODUCT_OWNER only; "
        "rationale required.",
    )
    request_item = decision(
        c.RequestItem,
        li.RequestItemInput,
        Item,
        "A stakeholder's request enters the backlog as PROPOSED, at the bottom. Any member "
        "holding a role may request; rationale (why it is needed) required.",
    )
