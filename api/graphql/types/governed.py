"""The governance part's fields on existing types: Product.risks and
.architectureDecisions, BacklogItem.risks, .architectureDecisions and
.technicalRequirements, and the Retrospective's risks and decisions. Each is a mixin
among its type's bases; asOf goes through time travel and the views' own folds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import anyio.to_thread
import strawberry

from api.graphql.arguments import check_instant
from api.graphql.governance_enums import ArchitectureDecisionStatus, RiskStatus
from api.graphql.types.node import Info
from projections.time_travel import governance as travel
from projections.time_travel.service import TimeTravel

if TYPE_CHECKING:
    from api.graphql.types.governance import ArchitectureDecision, Risk

LazyRisk = Annotated["Risk", strawberry.lazy("api.graphql.types.governance")]
LazyAdr = Annotated["ArchitectureDecision", strawberry.lazy("api.graphql.types.governance")]
OPEN_ONLY = [RiskStatus.OPEN]
T = TypeVar("T")
Statuses = Collection[str] | None


def _values(status: list[Any] | None) -> frozenset[str] | None:
    return None if status is None else frozenset(s.value for s in status)


@strawberry.type
class GovernedProduct:
    """Product.risks and Product.architectureDecisions."""

    @strawberry.field(
        description="Risks and opportunities by exposure (likelihood x impact), highest "
        "first, then by number. `status` defaults to OPEN only; null lists every status."
    )
    async def risks(
        self,
        info: Info,
        status: list[RiskStatus] | None = OPEN_ONLY,
        as_of: datetime | None = None,
    ) -> list[LazyRisk]:
        from api.graphql.types.governance import Risk

        reader = info.context.services.reader
        statuses = _values(status)
        rows = await _product_rows(info, self, as_of, reader.risks, travel.risks_at, statuses)
        return [Risk.from_row(row, as_of) for row in rows]

    @strawberry.field(description="Architecture decisions by number; every status unless asked.")
    async def architecture_decisions(
        self,
        info: Info,
        status: list[ArchitectureDecisionStatus] | None = None,
        as_of: datetime | None = None,
    ) -> list[LazyAdr]:
        from api.graphql.types.governance import adr_list

        reader, statuses = info.context.services.reader, _values(status)
        # Every status is read: a record's supersedes may be one that `status` leaves out.
        rows = await _product_rows(
            info, self, as_of, reader.architecture_decisions, travel.adrs_at, None
        )
        every = adr_list(rows, as_of)
        return [a for a in every if statuses is None or a.status.value in statuses]


def _id(node: Any) -> str:
    return str(node.id)


async def _product_rows(
    info: Info,
    product: Any,
    as_of: datetime | None,
    live: Callable[[str, Statuses], Awaitable[list[T]]],
    fold: Callable[[TimeTravel, str, datetime, Statuses], list[T]],
    statuses: Statuses,
) -> list[T]:
    """The product's rows of one view with one of `statuses`: from the view itself, or
    from the view's fold over the product as it stood at `as_of`."""
    if as_of is None:
        return await live(_id(product), statuses)
    check_instant(as_of, "asOf")
    return await _at(info, fold, _id(product), as_of, statuses)


async def _at(
    info: Info, fold: Callable[..., list[T]], product_id: str, as_of: datetime, *more: Any
) -> list[T]:
    """A time-travel fold of the product as it stood at `as_of`, off the event loop."""
    t = info.context.services.time_travel
    return await anyio.to_thread.run_sync(fold, t, product_id, as_of, *more)


async def _item_at(
    info: Info, fold: Callable[..., list[T]], item_id: str, as_of: datetime, *more: Any
) -> list[T]:
    """The fold over the item's product at `as_of`; empty for an item the views lack."""
    row = await info.context.loaders.items.load(item_id)
    return [] if row is None else await _at(info, fold, row.product_id, as_of, *more)


@strawberry.type
class GovernedItem:
    """BacklogItem.technicalRequirements, .risks and .architectureDecisions; read asOf
    when the item was."""

    @strawberry.field(
        description="Non-functional needs and constraints, set by the Engineering Manager "
        "(acceptance criteria stay the Product Owner's; READY does not depend on these)."
    )
    async def technical_requirements(self, info: Info) -> list[str]:
        item_id, as_of = _id(self), _as_of(self)
        if as_of is None:
            return await info.context.services.reader.technical_requirements(item_id)
        return await _item_at(info, travel.requirements_at, item_id, as_of, item_id)

    @strawberry.field(description="Risks and opportunities of every status that concern it.")
    async def risks(self, info: Info) -> list[LazyRisk]:
        from api.graphql.types.governance import Risk

        item_id, as_of = _id(self), _as_of(self)
        if as_of is None:
            rows = await info.context.services.reader.risks_of_item(item_id)
        else:
            every = await _item_at(info, travel.risks_at, item_id, as_of, None)
            rows = [r for r in every if item_id in r.item_ids]
        return [Risk.from_row(row, as_of) for row in rows]

    @strawberry.field(description="Architecture decisions of every status that concern it.")
    async def architecture_decisions(self, info: Info) -> list[LazyAdr]:
        from api.graphql.types.governance import adr_list

        item_id, as_of = _id(self), _as_of(self)
        if as_of is None:
            rows = await info.context.services.reader.architecture_decisions_of_item(item_id)
            return adr_list(rows)
        every = await _item_at(info, travel.adrs_at, item_id, as_of)
        return [a for a in adr_list(every, as_of) if item_id in a.row.item_ids]


def _as_of(node: Any) -> datetime | None:
    found: datetime | None = getattr(node, "as_of", None)
    return found


@strawberry.type
class GovernedRetrospective:
    """The Retrospective's risks and architecture decisions of the window (from, to]."""

    async def _window(
        self, info: Info
    ) -> tuple[list[Risk], list[Risk], list[ArchitectureDecision]]:
        """The risks raised and resolved, and the records decided, as they stood at `to`."""
        from api.graphql.types.governance import Risk, adr_list

        node: Any = self
        t = info.context.services.time_travel
        product_id = getattr(node, "product_id", "")
        raised, resolved, decided = await anyio.to_thread.run_sync(
            travel.window, t, product_id, node.from_, node.to
        )
        risks = [Risk.from_row(row, node.to) for row in raised]
        return risks, [Risk.from_row(row, node.to) for row in resolved], adr_list(decided, node.to)

    @strawberry.field(description="Risks raised in (from, to], by number, as they stood at `to`.")
    async def risks_raised(self, info: Info) -> list[LazyRisk]:
        return (await self._window(info))[0]

    @strawberry.field(description="Risks resolved in (from, to], by number.")
    async def risks_resolved(self, info: Info) -> list[LazyRisk]:
        return (await self._window(info))[1]

    @strawberry.field(
        description="Architecture decisions accepted, rejected or superseded in (from, to], "
        "by number, as they stood at `to`."
    )
    async def architecture_decisions(self, info: Info) -> list[LazyAdr]:
        return (await self._window(info))[2]
