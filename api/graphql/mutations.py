"""The Mutation root: decisions about products and people (administration, the vision and
goals, capacity) here, and about items in item_mutations."""

from __future__ import annotations

import strawberry

from api.graphql import inputs as i
from api.graphql.arguments import check_instant
from api.graphql.decide import EM, PO, decide, ids
from api.graphql.item_mutations import ItemMutations
from api.graphql.payloads import (
    ProductPayload,
    RegisterMemberPayload,
    member_payload,
    product_payload,
)
from api.graphql.types.node import Info
from domain.vocabulary import Role


@strawberry.type
class ProductMutations:
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


@strawberry.type(
    description="Every decision, one field each; each answers from the views once they show it."
)
class Mutation(ProductMutations, ItemMutations):
    """The Mutation root."""
