"""Who is deciding: a member, or the administrator token."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The caller of a use case. The administrator has no member id."""

    member_id: str | None
    is_admin: bool = False

    @classmethod
    def admin(cls) -> Actor:
        return cls(member_id=None, is_admin=True)

    @classmethod
    def member(cls, member_id: str) -> Actor:
        return cls(member_id=member_id, is_admin=False)

    @property
    def key(self) -> str:
        """Scope of idempotency keys: each member, and the administrator."""
        return "admin" if self.is_admin else f"member:{self.member_id}"
