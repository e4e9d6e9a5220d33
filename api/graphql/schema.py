"""The served schema: the contract's types and roots, its limits, and error codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.graphql.argument_plan import ArgumentChecks
from api.graphql.document_cache import ParsedDocuments, ValidatedDocuments
from api.graphql.errors import ErrorCodes
from api.graphql.executor import PlainFieldsExecutor
from api.graphql.limits import Limits
from api.graphql.mutations import Mutation
from api.graphql.query import Query
from api.graphql.read_snapshot import ReadSnapshot
from api.graphql.scalars import DATETIME
from api.graphql.single_operation import OperationName, SingleOperation
from api.graphql.subscription import Subscription
from api.graphql.types.decisions import Decision
from api.graphql.types.items import BacklogItem
from api.graphql.types.members import Member
from api.graphql.types.product import Product


class TandemSchema(strawberry.Schema):
    """Errors are logged once, by ErrorCodes, and only when unexpected."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(*, introspection: bool = True) -> TandemSchema:
    # Factories, not instances: each request gets its own extension objects.
    # ValidatedDocuments sets the validation errors itself, so it comes before
    # SingleOperation, whose refusal must replace them.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ErrorCodes,
        ParsedDocuments,
        ValidatedDocuments,
        SingleOperation,
        OperationName,
        Limits,
        ArgumentChecks,
        ReadSnapshot,
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return TandemSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Member, Product, BacklogItem, Decision],
        extensions=extensions,
        execution_context_class=PlainFieldsExecutor,
        config=StrawberryConfig(
            scalar_map={datetime: DATETIME}, disable_field_suggestions=not introspection
        ),
    )


def served_sdl() -> str:
    """The schema as `tandem schema` prints it."""
    return build_schema().as_str() + "\n"
