"""Product fields of the updates area: its stakeholder updates and its webhooks."""

from __future__ import annotations

import strawberry

from api.graphql.arguments import check_first, decode_cursor
from api.graphql.errors import FORBIDDEN, ApiError
from api.graphql.types.node import Info, NodeFields
from api.graphql.types.updates import (
    UPDATE_CURSOR,
    StakeholderUpdate,
    StakeholderUpdateConnection,
)
from api.graphql.types.webhooks import Webhook


@strawberry.type
class ProductUpdatesFields(NodeFields):
    """Joined into Product's bases."""

    @strawberry.field(description="Published stakeholder updates, newest first; every member.")
    async def updates(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> StakeholderUpdateConnection:
        page = await info.context.services.reader.updates(
            str(self.id),
            check_first(20 if first is None else first),
            decode_cursor(UPDATE_CURSOR, after),
        )
        return StakeholderUpdateConnection.from_page(
            page, UPDATE_CURSOR, StakeholderUpdate.from_row, key=lambda row: row.number
        )

    @strawberry.field(description="Administrator, PRODUCT_OWNER and ENGINEERING_MANAGER only.")
    async def webhooks(self, info: Info) -> list[Webhook]:
        product_id = str(self.id)
        viewer = info.context.require_viewer()
        held = (await info.context.roles()).get(product_id, set())
        if not viewer.is_admin and not held & {"PRODUCT_OWNER", "ENGINEERING_MANAGER"}:
            raise ApiError(
                FORBIDDEN, "only the administrator, Product Owner or Engineering Manager see them"
            )
        return [
            Webhook.from_row(r) for r in await info.context.services.reader.webhooks(product_id)
        ]
