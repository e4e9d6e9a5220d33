"""The Mutation root: one field per decision, each calling the application service."""

from __future__ import annotations

import strawberry

from api.graphql import inputs as i
from api.graphql.arguments import check_instant, parse_id
from api.graphql.decide import decide
from api.graphql.payloads import (
    ItemPayload,
    ProductPayload,
    RegisterMemberPayload,
    item_payload,
    member_payload,
    product_payload,
)
from api.graphql.types.node import Info
from domain.vocabulary import ItemKind, Role

PO = "Product Owner decision (PRODUCT_OWNER only)."
EM = "Engineering Manager decision (ENGINEERING_MANAGER only)."


def ids(info: Info, *values: str) -> list[str]:
    """Canonical ids, once the caller is known (UNAUTHENTICATED comes before bad input)."""
    info.context.require_viewer()
    return [parse_id(value) for value in values]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Administrator only.")
    async def register_member(
        self, info: Info, input: i.RegisterMemberInput
    ) -> RegisterMemberPayload:
        registration = await decide(
            info,
            lambda actor: info.context.services.app.register_member(actor, input.name, input.email),
        )
        return await member_payload(info, registration)

    @strawberry.mutation(description="Administrator only.")
    async def create_product(self, info: Info, input: i.CreateProductInput) -> ProductPayload:
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.create_product(
                actor, input.name, input.vision, key=input.idempotency_key
            ),
        )
        return await product_payload(info, outcome)

    @strawberry.mutation(
        description="Administrator, or the product's PRODUCT_OWNER or "
        "ENGINEERING_MANAGER (an EM may grant ENGINEER only)."
    )
    async def grant_role(self, info: Info, input: i.GrantRoleInput) -> ProductPayload:
        product, member = ids(info, input.product_id, input.member_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.grant_role(
                actor, product, member, Role(input.role.value), key=input.idempotency_key
            ),
        )
        return await product_payload(info, outcome)

    @strawberry.mutation(description=PO + " Rationale required.")
    async def define_vision(self, info: Info, input: i.DefineVisionInput) -> ProductPayload:
        (product,) = ids(info, input.product_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.define_vision(
                actor, product, input.vision, input.rationale, key=input.idempotency_key
            ),
        )
        return await product_payload(info, outcome)

    @strawberry.mutation(description=PO)
    async def set_goal(self, info: Info, input: i.SetGoalInput) -> ProductPayload:
        (product,) = ids(info, input.product_id)
        target = check_instant(input.target_date, "targetDate")
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.set_goal(
                actor, product, input.title, input.metric, target, key=input.idempotency_key
            ),
        )
        return await product_payload(info, outcome)

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
        (item,) = ids(info, input.item_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.accept_item(
                actor,
                item,
                input.rationale,
                expected_version=input.expected_version,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(description="Any state before ACCEPTED -> DROPPED; rationale required.")
    async def drop_item(self, info: Info, input: i.ItemDecisionInput) -> ItemPayload:
        (item,) = ids(info, input.item_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.drop_item(
                actor,
                item,
                input.rationale,
                expected_version=input.expected_version,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)

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

    @strawberry.mutation(description=EM)
    async def set_capacity(self, info: Info, input: i.SetCapacityInput) -> ProductPayload:
        product, member = ids(info, input.product_id, input.member_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.set_capacity(
                actor, product, member, input.percent, input.rationale, key=input.idempotency_key
            ),
        )
        return await product_payload(info, outcome)

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
        (item,) = ids(info, input.item_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.start_item(
                actor,
                item,
                input.rationale,
                expected_version=input.expected_version,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)

    @strawberry.mutation(description="IN_PROGRESS -> DONE.")
    async def complete_item(self, info: Info, input: i.ItemDecisionInput) -> ItemPayload:
        (item,) = ids(info, input.item_id)
        outcome = await decide(
            info,
            lambda actor: info.context.services.app.complete_item(
                actor,
                item,
                input.rationale,
                expected_version=input.expected_version,
                key=input.idempotency_key,
            ),
        )
        return await item_payload(info, outcome)
