"""When argument_checks' rules run: before execution, over a plan of the operation.

The plan lists the operation's checked fields and its page sizes (`first`, on any
field). Where no variable appears in a field's arguments, its verdict is known once
and for all; where one does, it is worked out with each request's variables. A plan is
kept for each document the parser cache keeps, so a repeated small query pays neither
the walk over its fields nor, when its arguments are written out, any check at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from graphql import (
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from api.graphql.argument_checks import CHECKS, page_size
from api.graphql.document_cache import CACHED, Keyed, kept
from api.graphql.errors import ApiError

Check = Callable[[dict[str, Any]], None]


class Fields:
    """Every field node of an operation with its parent type; each fragment visited once
    (its fields have the same arguments wherever it is spread)."""

    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]):
        self.schema = schema
        self.fragments = fragments
        self.seen: set[str] = set()

    def of(self, parent: Any, selection_set: SelectionSetNode | None) -> Iterator[Any]:
        for node in selection_set.selections if selection_set else ():
            if isinstance(node, FieldNode):
                fields = getattr(parent, "fields", {})
                definition = fields.get(node.name.value)
                if definition is None:
                    continue
                yield parent, node, definition
                yield from self.of(get_named_type(definition.type), node.selection_set)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                yield from self.of(inner, node.selection_set)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in self.seen:
                self.seen.add(node.name.value)
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    inner = self.schema.get_type(fragment.type_condition.name.value)
                    yield from self.of(inner, fragment.selection_set)


@dataclass(frozen=True)
class Checked:
    """A field of the operation whose arguments are checked: its definition and node,
    and, when no variable appears in them, the verdict, worked out once."""

    check: Check
    definition: Any
    node: FieldNode
    constant: bool
    error: ApiError | None = None


@dataclass(frozen=True)
class Plan:
    """What an operation's checks need per request: a page size written out of range,
    the variables that give page sizes, and the checked fields."""

    operation: OperationDefinitionNode
    sizes: tuple[str, ...]
    fields: tuple[Checked, ...]
    size_error: ApiError | None = None


def plan(schema: GraphQLSchema, document: Any, operation_name: str | None) -> Plan | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name is not None and o.name.value == operation_name)
    ]
    if len(chosen) != 1:
        return None  # execution reports it
    operation = chosen[0]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    root = schema.get_root_type(operation.operation)
    found, sizes, size_error = [], [], None
    for parent, node, definition in Fields(schema, fragments).of(root, operation.selection_set):
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            if isinstance(argument.value, VariableNode):
                sizes.append(argument.value.name.value)
            elif isinstance(argument.value, IntValueNode):
                size_error = size_error or page_size(int(argument.value.value))
        check = CHECKS.get((parent.name, node.name.value))
        if check is None or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            continue
        if any(_uses_variables(argument.value) for argument in node.arguments or ()):
            found.append(Checked(check, definition, node, constant=False))
            continue
        try:
            error = _verdict(check, definition, node, {})
        except GraphQLError:
            continue  # a value of the wrong type: validation reports it
        found.append(Checked(check, definition, node, constant=True, error=error))
    return Plan(operation, tuple(dict.fromkeys(sizes)), tuple(found), size_error)


def _uses_variables(value: Any) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_uses_variables(v) for v in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_uses_variables(f.value) for f in value.fields)
    return False


def _verdict(check: Check, definition: Any, node: FieldNode, variables: Any) -> ApiError | None:
    try:
        check(get_argument_values(definition, node, variables))
    except ApiError as error:
        return error
    return None


def problem_of(schema: GraphQLSchema, found: Plan, raw: dict[str, Any] | None) -> ApiError | None:
    """The first refused argument of the planned operation, with these variables: a
    page size first, as given (a value of the wrong type is execution's to report)."""
    raw = raw or {}
    if found.size_error is not None:
        return found.size_error
    for name in found.sizes:
        if (error := page_size(raw.get(name))) is not None:
            return error
    if all(field.constant and field.error is None for field in found.fields):
        return None
    variables = get_variable_values(schema, found.operation.variable_definitions or (), raw)
    if isinstance(variables, list):
        return None  # wrong variables: execution reports them as BAD_USER_INPUT
    for field in found.fields:
        if field.constant:
            if field.error is not None:
                return field.error
            continue
        try:
            error = _verdict(field.check, field.definition, field.node, variables)
        except GraphQLError:
            return None  # a value of the wrong type: execution reports it
        if error is not None:
            return error
    return None


@lru_cache(maxsize=CACHED)
def planned(document: Keyed) -> Plan | None:
    """The plan of a document kept by the parser cache, worked out once."""
    return plan(document.schema, document.document, document.key)


class ArgumentChecks(SchemaExtension):
    """Refuses, before execution, an operation with a page size out of range or an
    argument its resolver would refuse."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            schema = context.schema._schema
            if kept(context.query):
                found = planned(
                    Keyed(schema, cast(str, context.query), context.operation_name, document)
                )
            else:
                found = plan(schema, document, context.operation_name)
            problem = None if found is None else problem_of(schema, found, context.variables)
            if problem is not None:
                error = GraphQLError(
                    problem.message, extensions={"code": problem.code, **problem.extensions}
                )
                context.result = ExecutionResult(data=None, errors=[error])
        yield
