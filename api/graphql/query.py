"""The Query root: what a caller may read, checked before anything is read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from api.graphql.arguments import parse_id
from api.graphql.errors import FORBIDDEN, NOT_FOUND, ApiError
from api.graphql.planning_node import readable_iteration
from api.graphql.record_nodes import readable_record
from api.graphql.types.audit_chain import AuditQuery
from api.graphql.types.decisions import Decision
from api.graphql.types.items import BacklogItem
from api.graphql.types.members import Member
from api.graphql.types.node import Info, Node
from api.graphql.types.people_fields import QueryPeopleFields
from api.graphql.types.people_nodes import readable_people_record, readable_position
from api.graphql.types.product import Product


async def readable_item(info: Info, item_id: str) -> BacklogItem:
    context = info.context
    context.require_viewer()
    row = await context.loaders.items.load(item_id)
    if row is None:
        raise ApiError(NOT_FOUND, f"no backlog item {item_id}")
    await context.check_product(row.product_id)
    return BacklogItem.from_row(row)


async def readable_decision(info: Info, decision_id: str) -> Decision:
    row = await info.context.loaders.decisions.load(decision_id)
    if row is None:
        raise ApiError(NOT_FOUND, f"no decision {decision_id}")
    await info.context.check_product(row.product_id)
    return Decision.from_row(row)


async def readable_member(info: Info, member_id: str) -> Member:
    """Members are visible to themselves, to whoever shares a product with them, and to
    the administrator."""
    context = info.context
    viewer = context.require_viewer()
    row = await context.loaders.members.load(member_id)
    if row is None:
        raise ApiError(NOT_FOUND, f"no member {member_id}")
    if not viewer.is_admin and member_id != viewer.member_id:
        theirs = await context.services.reader.roles_of(member_id)
        if not set(theirs) & set(await context.roles()):
            raise ApiError(FORBIDDEN, "you share no product with this member")
    return Member.from_row(row)


READABLE: dict[str, Callable[[Info, str], Awaitable[Node]]] = {
    "BacklogItem": readable_item,
    "Member": readable_member,
    "Decision": readable_decision,
    "Iteration": readable_iteration,
    "Position": readable_position,
    "PeopleRecord": readable_people_record,
}
"""node(id)'s readers by kind (each checks that the caller may read it), but for products
and the records other areas keep (readable_record)."""


@strawberry.type
class Query(
    AuditQuery,
    QueryPeopleFields,
):
    @strawberry.field(
        description="Any object by its id (every type implementing Node) the caller may read."
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        info.context.require_viewer()
        node_id = parse_id(id)
        kind = await info.context.services.reader.kind_of(node_id)
        if kind == "Product":
            return Product.from_row(await info.context.readable_product(node_id))
        readable = READABLE.get(kind or "")
        if readable is not None:
            return await readable(info, node_id)
        record = await readable_record(info, kind or "", node_id)
        if record is not None:
            return record
        raise ApiError(NOT_FOUND, f"nothing has the id {node_id}")

    @strawberry.field(description="The caller; null for the administrator token.")
    async def viewer(self, info: Info) -> Member | None:
        viewer = info.context.require_viewer()
        if viewer.member_id is None:
            return None
        row = await info.context.loaders.members.load(viewer.member_id)
        return Member.from_row(row) if row else None

    @strawberry.field(
        description="Products the caller is a member of (all, for the administrator)."
    )
    async def products(self, info: Info) -> list[Product]:
        viewer = info.context.require_viewer()
        reader = info.context.services.reader
        if viewer.is_admin:
            rows = await reader.products(None)
            info.context.loaders.read(row.id for row in rows)
        else:
            ids = sorted(await info.context.roles())
            found = await info.context.loaders.products.load_many(ids)
            rows = sorted((r for r in found if r is not None), key=lambda r: (r.name, r.id))
        return [Product.from_row(row) for row in rows]

    @strawberry.field(description="A product the caller may read (FORBIDDEN otherwise).")
    async def product(self, info: Info, id: strawberry.ID) -> Product | None:
        info.context.require_viewer()
        return Product.from_row(await info.context.readable_product(parse_id(id)))

    @strawberry.field(description="A backlog item of a product the caller may read.")
    async def item(self, info: Info, id: strawberry.ID) -> BacklogItem | None:
        info.context.require_viewer()
        return await readable_item(info, parse_id(id))
