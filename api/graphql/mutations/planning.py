"""The planning decisions: iterations and their two-party commitment, dependencies,
blocked items and the WIP limit."""

from __future__ import annotations

import strawberry

from api.graphql.command_inputs import ITEM_DECISION, input_of
from api.graphql.decision_fields import EM, decision
from api.graphql.payloads import ItemPayload as Item
from api.graphql.payloads import ProductPayload as Product
from api.graphql.planning_payloads import IterationPayload as Iteration
from domain import commands as c

BLOCKERS = "ENGINEERING_MANAGER, or an ENGINEER assigned to the item."
DEPENDENCY = input_of(c.DependencyCommand, "DependencyInput")


@strawberry.type
class PlanningMutations:
    """Iterations, dependencies, blocks and the WIP limit."""

    plan_iteration = decision(
        c.PlanIteration,
        Iteration,
        EM + " endsAt after startsAt; iterations never overlap as [startsAt, endsAt); "
        "capacityPoints >= 0. Numbered 1, 2, ... in planning order.",
    )
    set_iteration_capacity = decision(
        c.SetIterationCapacity,
        Iteration,
        EM + " CONFLICT on a CLOSED iteration.",
    )
    propose_scope = decision(
        c.ProposeScope,
        Iteration,
        "Product Owner decision: the whole proposed scope, of PROPOSED, READY or IN_PROGRESS "
        "items of the product. After a commitment it needs a rationale and sends the "
        "iteration back to PLANNED until the EM commits again.",
    )
    commit_iteration = decision(
        c.CommitIteration,
        Iteration,
        EM + " Commits exactly the proposed scope: every item estimated, the points within "
        "capacityPoints unless acceptOverload (which needs a rationale).",
    )
    close_iteration = decision(
        c.CloseIteration,
        Iteration,
        EM + " COMMITTED only: committed items DONE or ACCEPTED are delivered, the others "
        "carried over.",
    )
    add_dependency = decision(
        c.AddDependency,
        Item,
        EM + " Same product, no self-dependency, no cycle (the message names it).",
        input=DEPENDENCY,
    )
    remove_dependency = decision(c.RemoveDependency, Item, EM, input=DEPENDENCY)
    block_item = decision(
        c.BlockItem,
        Item,
        BLOCKERS + " The rationale is the reason.",
        input=input_of(c.BlockItem, rationale="Why the item is blocked (required)."),
    )
    unblock_item = decision(c.UnblockItem, Item, BLOCKERS, input=ITEM_DECISION)
    set_wip_limit = decision(
        c.SetWipLimit,
        Product,
        EM + " Advisory: no decision is refused for it; bottlenecks show where it is exceeded.",
        input=input_of(
            c.SetWipLimit,
            per_engineer="In-progress items per engineer, >= 1; null removes the limit.",
        ),
    )
