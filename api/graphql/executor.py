"""The executor: Strawberry's, with a shorter way through plain leaf fields.

For every field graphql-core builds a ResolveInfo (a fourteen-slot record) before it
calls the resolver, and walks the generic completion. Most fields of a page are plain
attributes of a row (an item's id, title, status, rank): Strawberry resolves them
with `getattr` and never reads the info. For those fields, with no arguments, no
middleware, and a scalar or enum type, this executor calls the same resolver and
completes the value as a leaf, with the same errors at the same path. Every other
field takes graphql-core's way unchanged. An enum's member is named from a table made
once per type, not by Strawberry's scan over the enum's values."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    is_leaf_type,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, Undefined, UndefinedType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        # Strawberry always passes a manager: empty unless an extension resolves fields.
        self.plain = manager is None or not manager.middlewares

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
        plain = _plain_leaf(field_def) if self.plain and field_def is not None else None
        if plain is None or node.arguments:
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )
        assert field_def is not None and field_def.resolve is not None
        leaf, names = plain
        return_type = field_def.type
        try:
            result = field_def.resolve(source, None)
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
            if names is not None and type(result) is names.cls:
                return names.of[result]
            return self.complete_leaf_value(leaf, result)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None


@dataclass(frozen=True)
class EnumNames:
    """An enum type's names by member: Strawberry's serialize compares the member's
    value with each value in turn (an item's status: 3-4 us, a field)."""

    cls: type[Enum]
    of: dict[Enum, str]

    @classmethod
    def of_type(cls, leaf: GraphQLLeafType) -> EnumNames | None:
        wrapped = getattr(leaf, "wrapped_cls", None)
        if not isinstance(leaf, GraphQLEnumType) or not isinstance(wrapped, type):
            return None
        if not issubclass(wrapped, Enum):
            return None
        return cls(wrapped, {wrapped(v.value): name for name, v in leaf.values.items()})


Plain = tuple[GraphQLLeafType, EnumNames | None]
_PLAIN: dict[int, tuple[GraphQLField, Plain | None]] = {}
"""Each field's verdict, by the field's identity (fields compare by value)."""


def _plain_leaf(field_def: GraphQLField) -> Plain | None:
    """The scalar or enum type of a plain field (Strawberry's default resolver, no
    arguments, typed `T` or `T!`), with an enum's names; None for any other field."""
    known = _PLAIN.get(id(field_def))
    if known is not None and known[0] is field_def:
        return known[1]
    return_type = field_def.type
    inner = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    plain = getattr(field_def.resolve, "_is_default", False) and not field_def.args
    verdict = (inner, EnumNames.of_type(inner)) if plain and is_leaf_type(inner) else None
    _PLAIN[id(field_def)] = (field_def, verdict)
    return verdict
