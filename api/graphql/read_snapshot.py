"""A query reads the views in one transaction: its resolvers and DataLoaders share one
connection and one snapshot (projections.engine.read_session), so a page and the
names on it never come from two different moments, and the request costs a BEGIN
instead of a transaction per statement. Mutations and subscriptions read as before:
a mutation must see the views after its own decision, and a subscription lives long."""

from __future__ import annotations

from collections.abc import AsyncIterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from api.graphql.context import Context


class ReadSnapshot(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if self.execution_context.operation_type is OperationType.QUERY and isinstance(
            context, Context
        ):
            async with context.services.reader.snapshot():
                yield
        else:
            yield
