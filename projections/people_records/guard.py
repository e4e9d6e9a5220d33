"""Who may read which people records: the one place that decides it. Every read of
the people_records table goes through `readable`, so no resolver can forget a rule.

An ENGINEERING_MANAGER of the product reads all of its records; any other member of
the product reads the records about themself; non-members and the administrator
may read none (NotPermitted)."""

from __future__ import annotations

from dataclasses import dataclass

from projections.engine.drivers import Driver

EM = "ENGINEERING_MANAGER"


class NotPermitted(Exception):
    """The caller may not read this product's people records at all."""


@dataclass(frozen=True)
class Caller:
    """Who reads: a member, or the administrator (member_id None)."""

    member_id: str | None
    is_admin: bool = False


@dataclass(frozen=True)
class Scope:
    """The records a caller may read on one product: all, or only those about one member."""

    product_id: str
    about: str | None

    def sql(self) -> tuple[str, list[str]]:
        """A WHERE clause (on people_records) selecting exactly these records."""
        if self.about is None:
            return "product_id = ?", [self.product_id]
        return "product_id = ? AND member_id = ?", [self.product_id, self.about]


async def readable(driver: Driver, caller: Caller, product_id: str) -> Scope:
    """The records of `product_id` that `caller` may read; NotPermitted if none."""
    if caller.is_admin or caller.member_id is None:
        raise NotPermitted("people records are private to the product's members")
    rows = await driver.fetch(
        "SELECT role FROM backlog_memberships WHERE product_id = ? AND member_id = ?",
        (product_id, caller.member_id),
    )
    roles = {r[0] for r in rows}
    if not roles:
        raise NotPermitted("only members of this product may read its people records")
    return Scope(product_id, None if EM in roles else caller.member_id)
