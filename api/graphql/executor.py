"""The executor: Strawberry's, with a shorter way through plain leaf fields.

For every field graphql-core builds a ResolveInfo (a fourteen-slot record) before it
calls the resolver, and walks the generic completion. Most fields of a page are plain
attributes of a row (an item's id, title, status, rank): Strawberry resolves them
with `getattr` and never reads the info. For those fields, with no arguments, no
middleware, and a scalar or enum type, this executor calls the same resolver and
completes the value as a leaf, with the same errors at the same path. Every other
field takes graphql-core's way unchanged."""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, Undefined, UndefinedType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any | UndefinedType:
        node = field_details_list[0].node
        field_def = parent_type.fields.get(node.name.value)
        resolve = field_def.resolve if field_def is not None else None
        if (
            field_def is None
            or not getattr(resolve, "_is_default", False)
            or node.arguments
            or field_def.args
            or _has_middleware(self)
        ):
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        return_type = field_def.type
        leaf = _leaf_of(return_type)
        if leaf is None:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        try:
            assert resolve is not None
            result = resolve(source, None)
            if self.is_awaitable(result):  # an attribute holding an awaitable
                info = self.build_resolve_info(
                    field_def, to_nodes(field_details_list), parent_type, path
                )
                return self.complete_awaitable_value(
                    return_type, field_details_list, info, path, result, position_context
                )
            if isinstance(result, Exception):
                raise result
            if result is None or result is Undefined:
                if isinstance(return_type, GraphQLNonNull):
                    raise TypeError(
                        "Cannot return null for non-nullable field"
                        f" {parent_type.name}.{node.name.value}."
                    )
                return None
            return self.complete_leaf_value(leaf, result)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None


def _has_middleware(executor: StrawberryGraphQLCoreExecutionContext) -> bool:
    """Whether a middleware wraps field resolvers (Strawberry always passes a manager,
    empty unless an extension resolves fields)."""
    manager = executor.middleware_manager
    return manager is not None and bool(manager.middlewares)


def _leaf_of(return_type: GraphQLOutputType) -> GraphQLLeafType | None:
    """The scalar or enum type of a field typed `T` or `T!` (None for anything else)."""
    inner = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    return inner if is_leaf_type(inner) else None
