"""Who is asking."""

from __future__ import annotations

from dataclasses import dataclass

from api.graphql.errors import unauthenticated
from domain.actor import Actor


@dataclass(frozen=True)
class Viewer:
    """The caller: a member, the administrator, or nobody (no valid token)."""

    member_id: str | None = None
    is_admin: bool = False

    @property
    def authenticated(self) -> bool:
        return self.is_admin or self.member_id is not None

    @property
    def actor(self) -> Actor:
        if self.is_admin:
            return Actor.admin()
        if self.member_id is None:
            raise unauthenticated()
        return Actor.member(self.member_id)


ANONYMOUS = Viewer()
