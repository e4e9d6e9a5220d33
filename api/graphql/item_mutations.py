"""Decisions about backlog items: proposing, ordering, refining, estimating, staffing and
moving them through their states."""

from __future__ import annotations

import strawberry

from api.graphql import inputs as i
from api.graphql.decide import EM, PO, decide, ids
from api.graphql.payloads import ItemPayload, item_payload
from api.graphql.types.node import Info
from domain.vocabulary import ItemKind


async def move_item(info: Info, input: i.ItemDecisionInput, decision: str) -> ItemPayload:
    """The four status decisions share one shape: item, rationale, expected version."""
    (item,) = ids(info, input.item_id)
    method = getattr(info.context.services.app, decision)
    outcome = await decide(
        info,
        lambda actor: method(
            actor,
            item,
            input.rationale,
            expected_version=input.expected_version,
            key=input.idempotency_key,
        ),
    )
    return await item_payload(info, outcome)


@strawberry.type
class ItemMutations:
    @strawberry.mutation(
        description="PRODUCT_OWNER or ENGINEERING_MANAGER; a new item enters "
        "at the bottom of the backlog."
    )
    async def propose_item(self, info: Info, input: i.ProposeItemInput) -> ItemPayload:
        (product,) = ids(info, input.product_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.propose_item(
                actor,
                product,
                input.title,
                input.description,
                ItemKind(input.kind.value),
                input.rationale,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(
        description=PO + " Rationale required; expectedVersion is the product's backlogVersion."
    )
    async def prioritize_item(self, info: Info, input: i.PrioritizeItemInput) -> ItemPayload:
        (item,) = ids(info, input.item_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.prioritize_item(
                actor,
                item,
                input.rank,
                input.rationale,
                expected_version=input.expected_version,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(description=PO)
    async def refine_item(self, info: Info, input: i.RefineItemInput) -> ItemPayload:
        (item,) = ids(info, input.item_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.refine_item(
                actor,
                item,
                input.description,
                input.acceptance_criteria,
                expected_version=input.expected_version,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(
        description="DONE -> ACCEPTED: the Product Owner validates the delivered value."
    )
    async def accept_item(self, info: Info, input: i.ItemDecisionInput) -> ItemPayload:
        return await move_item(info, input, "accept_item")

    @strawberry.mutation(description="Any state before ACCEPTED -> DROPPED; rationale required.")
    async def drop_item(self, info: Info, input: i.ItemDecisionInput) -> ItemPayload:
        return await move_item(info, input, "drop_item")

    @strawberry.mutation(description=EM)
    async def estimate_item(self, info: Info, input: i.EstimateItemInput) -> ItemPayload:
        (item,) = ids(info, input.item_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.estimate_item(
                actor,
                item,
                input.points,
                input.rationale,
                expected_version=input.expected_version,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(
        description="The member must hold a role on the product; "
        "over-allocation is allowed and shown in the allocation view."
    )
    async def assign_engineer(self, info: Info, input: i.AssignEngineerInput) -> ItemPayload:
        item, member = ids(info, input.item_id, input.member_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.assign_engineer(
                actor, item, member, input.percent, input.rationale, key=input.idempotency_key
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(description=EM)
    async def unassign_engineer(self, info: Info, input: i.UnassignEngineerInput) -> ItemPayload:
        item, member = ids(info, input.item_id, input.member_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.unassign_engineer(
                actor, item, member, input.rationale, key=input.idempotency_key
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(description="READY -> IN_PROGRESS.")
    async def start_item(self, info: Info, input: i.ItemDecisionInput) -> ItemPayload:
        return await move_item(info, input, "start_item")

    @strawberry.mutation(description="IN_PROGRESS -> DONE.")
    async def complete_item(self, info: Info, input: i.ItemDecisionInput) -> ItemPayload:
        return await move_item(info, input, "complete_item")
