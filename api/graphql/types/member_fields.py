"""Member.active, forgotten and email: a base of the Member type. Who may read an
e-mail is decided by the member directory's queries (projections.members.queries)."""

from __future__ import annotations

import strawberry

from api.graphql.people_loaders import people_loaders
from api.graphql.types.node import Info


@strawberry.type
class MemberLifecycleFields:
    id: strawberry.ID

    @strawberry.field(description="False once deactivated: their token no longer works.")
    async def active(self, info: Info) -> bool:
        return await people_loaders(info.context).activity.load(str(self.id))

    @strawberry.field(description="True once the member's personal data was erased.")
    async def forgotten(self, info: Info) -> bool:
        return await people_loaders(info.context).forgotten.load(str(self.id))

    @strawberry.field(
        description="Visible to the administrator and the member themself; null for others "
        "and once forgotten."
    )
    async def email(self, info: Info) -> str | None:
        return await people_loaders(info.context).emails.load(str(self.id))
