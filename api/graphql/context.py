"""Per-request context: who is asking, their loaders, and the read permission checks."""

from __future__ import annotations

from strawberry.fastapi import BaseContext
from strawberry.types.graphql import OperationType

from api.graphql.errors import FORBIDDEN, NOT_FOUND, ApiError, unauthenticated
from api.graphql.loaders import Loaders
from api.graphql.services import Services
from api.graphql.viewer import Viewer
from projections.rows import ProductRow


class Context(BaseContext):
    """What every resolver receives as `info.context`."""

    def __init__(self, services: Services, viewer: Viewer, request_id: str) -> None:
        super().__init__()
        self.services = services
        self.viewer = viewer
        self.request_id = request_id
        self.operation_name: str | None = None
        self.operation_type: OperationType | None = None
        self.cacheable = True
        """False once a resolver read what the views' positions do not version."""
        self.loaders = Loaders(services.reader)
        self._roles: dict[str, set[str]] | None = None

    def uncacheable(self) -> None:
        """This answer read what the views' positions do not version (webhook
        deliveries, the audit chain, the event store): it is not kept."""
        self.cacheable = False

    def refresh(self) -> None:
        """Forget what was loaded: after a mutation the views have moved on."""
        self.loaders = Loaders(self.services.reader)
        self._roles = None

    def require_viewer(self) -> Viewer:
        if not self.viewer.authenticated:
            raise unauthenticated()
        return self.viewer

    async def roles(self) -> dict[str, set[str]]:
        """The caller's roles by product (empty for the administrator)."""
        if self._roles is None:
            member = self.require_viewer().member_id
            if member is None:
                self._roles = {}
            else:
                self._roles, products = await self.services.reader.roles_and_products(member)
                for row in products:  # the product(id) that usually follows costs no read
                    self.loaders.products.prime(row.id, row)
        return self._roles

    async def may_read(self, product_id: str) -> bool:
        viewer = self.require_viewer()
        return viewer.is_admin or product_id in await self.roles()

    async def readable_product(self, product_id: str) -> ProductRow:
        """The product, if the caller may read it: members and the administrator."""
        if not self.require_viewer().is_admin:
            await self.roles()  # reads the caller's products' rows too
        row = await self.loaders.products.load(product_id)
        if row is None:
            raise ApiError(NOT_FOUND, f"no product {product_id}")
        await self.check_product(product_id)
        return row

    async def check_product(self, product_id: str) -> None:
        if not await self.may_read(product_id):
            raise ApiError(FORBIDDEN, "only members of this product may read it")
