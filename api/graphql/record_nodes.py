"""node(id) of the records other areas keep beside a product: risks and architecture
decisions, stakeholder updates (the product's members read them), and webhooks (its
Product Owner and Engineering Manager, and the administrator)."""

from __future__ import annotations

from api.graphql.errors import FORBIDDEN, NOT_FOUND, ApiError
from api.graphql.types.governance import ArchitectureDecision, Risk
from api.graphql.types.node import Info, Node
from api.graphql.types.updates import StakeholderUpdate
from api.graphql.types.webhooks import Webhook

MANAGERS = {"PRODUCT_OWNER", "ENGINEERING_MANAGER"}


async def readable_record(info: Info, kind: str, node_id: str) -> Node | None:
    """The record `node_id` names, if `kind` is one of these and the caller may read it."""
    reader, context = info.context.services.reader, info.context
    if kind == "Risk":
        risk = (await reader.risks_by_id([node_id])).get(node_id)
        if risk is not None:
            await context.check_product(risk.product_id)
            return Risk.from_row(risk)
    elif kind == "ArchitectureDecision":
        adr = (await reader.architecture_decisions_by_id([node_id])).get(node_id)
        if adr is not None:
            await context.check_product(adr.product_id)
            return ArchitectureDecision.from_row(adr, siblings={})
    elif kind == "StakeholderUpdate":
        update = await reader.update_by_id(node_id)
        if update is not None:
            await context.check_product(update.product_id)
            return StakeholderUpdate.from_row(update)
    elif kind == "Webhook":
        webhook = await reader.webhook(node_id)
        if webhook is not None:
            held = (await context.roles()).get(webhook.product_id, set())
            if not context.require_viewer().is_admin and not held & MANAGERS:
                raise ApiError(
                    FORBIDDEN, "only the administrator, Product Owner or Engineering Manager"
                )
            return Webhook.from_row(webhook)
    else:
        return None
    raise ApiError(NOT_FOUND, f"nothing has the id {node_id}")
