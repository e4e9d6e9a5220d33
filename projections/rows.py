"""The rows the views serve. GraphQL types are built from these, never from aggregates."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha1
from typing import Any, Generic, TypeVar
from uuid import NAMESPACE_URL

T = TypeVar("T")


@dataclass(frozen=True)
class MemberRow:
    id: str
    name: str


@dataclass(frozen=True)
class MembershipRow:
    product_id: str
    member_id: str
    role: str


@dataclass(frozen=True)
class GoalRow:
    id: str
    product_id: str
    title: str
    metric: str | None
    target_date: datetime | None
    status: str


@dataclass(frozen=True)
class ProductRow:
    id: str
    name: str
    vision: str
    backlog_version: int
    version: int


@dataclass(frozen=True)
class AssignmentRow:
    item_id: str
    member_id: str
    percent: int


@dataclass(frozen=True)
class ItemRow:
    id: str
    product_id: str
    title: str
    description: str
    kind: str
    status: str
    rank: int | None
    estimate: float | None
    acceptance_criteria: tuple[str, ...]
    version: int
    assignments: tuple[AssignmentRow, ...] = ()

    @classmethod
    def stored(
        cls,
        ids: Sequence[str],
        text: Sequence[str],
        work: Sequence[Any],
        rank: int | None,
        version: int,
    ) -> ItemRow:
        """An item's row from the parts a view or the time-travel store keeps: its and
        its product's ids; its title, description and kind; its status, estimate,
        criteria (a list) and assignments (percents by member)."""
        item_id, product_id = ids
        title, description, kind = text[:3]
        status, estimate, criteria, assignments = work
        return cls(
            item_id,
            product_id,
            title,
            description,
            kind,
            status,
            rank,
            estimate,
            tuple(criteria),
            version,
            tuple(AssignmentRow(item_id, m, p) for m, p in assignments.items()),
        )


@dataclass(frozen=True)
class MemberLoadRow:
    product_id: str
    member_id: str
    capacity_percent: int
    allocated_percent: int
    item_ids: tuple[str, ...] = ()

    @property
    def over_allocated(self) -> bool:
        return self.allocated_percent > self.capacity_percent


@dataclass(frozen=True)
class ChangeRow:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class DecisionRow:
    """One recorded decision, as the audit view shows it."""

    position: int
    product_id: str
    version: int
    at: datetime
    actor_id: str | None
    role: str | None
    type: str
    subject_id: str
    rationale: str | None
    summary: str
    changes: tuple[ChangeRow, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return decision_id(self.product_id, self.version)


def decision_id(product_id: str, version: int) -> str:
    """A decision's id: derived from its product and version, unique across all types.

    It is uuid5(NAMESPACE_URL, "tandem:decision:{product_id}:{version}"), spelled out:
    a rebuild derives one per decision, and uuid.UUID's checks tripled the cost."""
    digest = bytearray(sha1(_DECISION_NAMES + f"{product_id}:{version}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_DECISION_NAMES = NAMESPACE_URL.bytes + b"tandem:decision:"


def row_from(row: type[T], source: object, **derived: Any) -> T:
    """A row of the domain object `source`: the fields in `derived` as given, every other
    field copied from `source`'s attribute of the same name (so a fold spells out only
    what it derives)."""
    names = (f.name for f in dataclasses.fields(row))  # type: ignore[arg-type]
    return row(**{name: getattr(source, name) for name in names if name not in derived}, **derived)


@dataclass(frozen=True)
class Page(Generic[T]):
    """A slice of a connection: rows, whether more follow, and the total."""

    rows: list[T]
    has_next: bool
    total: int


@dataclass(frozen=True)
class DecisionFilter:
    """Which decisions to list; every given criterion must match."""

    actor_id: str | None = None
    role: str | None = None
    types: tuple[str, ...] | None = None
    subject_id: str | None = None
    from_: datetime | None = None
    to: datetime | None = None
