"""Product fields of the updates area: its stakeholder updates and its webhooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from api.graphql.arguments import check_first, decode_cursor
from api.graphql.types.node import Info
from api.graphql.types.updates import UPDATE_CURSOR, StakeholderUpdateConnection


@strawberry.type
class ProductUpdatesFields:
    """Joined into Product's bases."""

    if TYPE_CHECKING:
        id: strawberry.ID

    @strawberry.field(description="Published stakeholder updates, newest first; every member.")
    async def updates(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> StakeholderUpdateConnection:
        page = await info.context.services.reader.updates(
            str(self.id),
            check_first(20 if first is None else first),
            decode_cursor(UPDATE_CURSOR, after),
        )
        return StakeholderUpdateConnection.from_page(page)
