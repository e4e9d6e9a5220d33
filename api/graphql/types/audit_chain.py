"""The audit chain in the API: Decision.hash / previousHash, Product.auditHead and the
verifyAudit query, as mixins added to the core types' bases."""

from __future__ import annotations

from datetime import datetime

import anyio.to_thread
import strawberry
from strawberry.dataloader import DataLoader

from api.graphql.arguments import parse_id
from api.graphql.errors import FORBIDDEN, UNAVAILABLE, ApiError
from api.graphql.types.node import Info, filled
from projections.audit_chain.verify import Verification, verify_product

AUDITORS = {"PRODUCT_OWNER", "ENGINEERING_MANAGER"}


def chain_loader(info: Info) -> DataLoader[int, tuple[str | None, str] | None]:
    """This request's loader of chain links (kept with its other loaders, so a
    mutation's refresh forgets it with them)."""
    loaders = info.context.loaders
    loader: DataLoader[int, tuple[str | None, str] | None] | None = getattr(
        loaders, "chain_links", None
    )
    if loader is None:
        reader = info.context.services.reader

        async def load(positions: list[int]) -> list[tuple[str | None, str] | None]:
            found = await reader.chain_links(positions)
            return [found.get(p) for p in positions]

        loader = DataLoader(load)
        loaders.chain_links = loader  # type: ignore[attr-defined]
    return loader


@strawberry.type
class DecisionChain:
    """Decision's place in its product's hash chain."""

    position: int

    @strawberry.field(
        description="Lowercase hex SHA-256 over previousHash and the decision's canonical "
        "stored record (README, 'Audit chain'); fixed when the decision was chained."
    )
    async def hash(self, info: Info) -> str:
        link = await chain_loader(info).load(self.position)
        if link is None:
            raise ApiError(UNAVAILABLE, "this decision is not chained yet; query again shortly")
        return link[1]

    @strawberry.field(
        description="The hash of the product's previous decision; null for its first."
    )
    async def previous_hash(self, info: Info) -> str | None:
        link = await chain_loader(info).load(self.position)
        if link is None:
            raise ApiError(UNAVAILABLE, "this decision is not chained yet; query again shortly")
        return link[0]


@strawberry.type
class ProductAuditHead:
    """Product's audit head."""

    id: strawberry.ID

    @strawberry.field(
        description="The hash of the product's latest decision: write it down to detect a "
        "later rewrite of the history. On a product read asOf an instant, the head then."
    )
    async def audit_head(self, info: Info) -> str | None:
        as_of: datetime | None = getattr(self, "as_of", None)
        info.context.uncacheable()  # the chain follows the log on its own
        return await info.context.services.reader.audit_head(str(self.id), as_of)


@strawberry.type(description="The result of recomputing a product's hash chain.")
class AuditVerification:
    ok: bool = strawberry.field(description="True when every link recomputes as chained.")
    checked: int = strawberry.field(description="Decisions checked.")
    head: str | None = strawberry.field(description="The verified head; null when broken.")
    first_broken_position: int | None = strawberry.field(
        description="The first decision whose stored record or previousHash no longer matches."
    )
    problem: str | None = strawberry.field(description="What no longer matches, in words.")

    @classmethod
    def of(cls, result: Verification) -> AuditVerification:
        return filled(cls, result, first_broken_position=result.broken_at)


@strawberry.type
class AuditQuery:
    """Query.verifyAudit."""

    @strawberry.field(
        description="Recomputes the product's hash chain from the event store (not the "
        "views). Administrator, PRODUCT_OWNER or ENGINEERING_MANAGER of the product."
    )
    async def verify_audit(self, info: Info, product_id: strawberry.ID) -> AuditVerification:
        context = info.context
        context.uncacheable()  # it reads the event store as it is now
        viewer = context.require_viewer()
        pid = parse_id(product_id, "productId")
        await context.readable_product(pid)
        if not viewer.is_admin and not (await context.roles()).get(pid, set()) & AUDITORS:
            raise ApiError(FORBIDDEN, "only the Product Owner or Engineering Manager may verify")
        await context.services.reader.wait_for_chain(await anyio.to_thread.run_sync(_head, info))
        container = context.services.container
        result = await anyio.to_thread.run_sync(
            verify_product, container.app, container.projections.store, pid
        )
        return AuditVerification.of(result)


def _head(info: Info) -> int:
    return info.context.services.app.recorder.max_notification_id() or 0
