"""Cursors, instants and decision filters anywhere in an operation, checked before it runs.

The resolvers check these arguments too, but only when they run: by then a mutation has
recorded its decision, and a malformed cursor, an instant without a UTC offset or a
retrospective whose `from` is after its `to` in the payload's selection would answer
BAD_USER_INPUT with `data: null` for a decision that stands, so the client would take it
as rejected (and a retry without a key would record it twice). Checked up front, the
whole operation is refused and nothing runs. Page sizes are limits.PageSizes' business.
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
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from api.graphql.arguments import (
    BACKLOG_CURSOR,
    DECISION_CURSOR,
    check_instant,
    decode_cursor,
)
from api.graphql.document_cache import CACHED, Keyed, kept
from api.graphql.errors import ApiError, bad_input
from api.graphql.types.product import DecisionFilterInput


def _backlog(args: dict[str, Any]) -> None:
    decode_cursor(BACKLOG_CURSOR, args.get("after"))
    check_instant(args.get("asOf"), "asOf")


def _decisions(args: dict[str, Any]) -> None:
    decode_cursor(DECISION_CURSOR, args.get("after"))
    where = args.get("filter")
    if where is not None:  # the resolver's own checks: ids, instants, how many types
        DecisionFilterInput(
            actor_id=where.get("actorId"),
            types=where.get("types"),
            subject_id=where.get("subjectId"),
            from_=where.get("from"),
            to=where.get("to"),
        ).to_row()


def _allocation(args: dict[str, Any]) -> None:
    check_instant(args.get("asOf"), "asOf")


def _retrospective(args: dict[str, Any]) -> None:
    start, end = check_instant(args.get("from"), "from"), check_instant(args.get("to"), "to")
    if start is not None and end is not None and start > end:
        raise bad_input("from must not be after to")


CHECKS: dict[tuple[str, str], Callable[[dict[str, Any]], None]] = {
    ("Product", "backlog"): _backlog,
    ("Product", "decisions"): _decisions,
    ("Product", "allocation"): _allocation,
    ("Product", "retrospective"): _retrospective,
}


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

    check: Callable[[dict[str, Any]], None]
    definition: Any
    node: FieldNode
    constant: bool
    error: ApiError | None = None


@dataclass(frozen=True)
class Plan:
    """What an operation's checks need per request: the checked fields that use
    variables (the others' verdicts are known)."""

    operation: OperationDefinitionNode
    fields: tuple[Checked, ...]


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
    found = []
    for parent, node, definition in Fields(schema, fragments).of(root, operation.selection_set):
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            continue
        check = CHECKS.get((parent.name, node.name.value))
        if check is None:
            continue
        if any(_uses_variables(argument.value) for argument in node.arguments or ()):
            found.append(Checked(check, definition, node, constant=False))
        else:
            try:
                error = _verdict(check, definition, node, {})
            except GraphQLError:
                continue  # a value of the wrong type: validation reports it
            found.append(Checked(check, definition, node, constant=True, error=error))
    return Plan(operation, tuple(found))


def _uses_variables(value: Any) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_uses_variables(v) for v in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_uses_variables(f.value) for f in value.fields)
    return False


def _verdict(
    check: Callable[[dict[str, Any]], None], definition: Any, node: FieldNode, variables: Any
) -> ApiError | None:
    try:
        check(get_argument_values(definition, node, variables))
    except ApiError as error:
        return error
    return None


def first_problem(
    schema: GraphQLSchema, document: Any, operation_name: str | None, raw: dict[str, Any] | None
) -> ApiError | None:
    found = plan(schema, document, operation_name)
    return None if found is None else problem_of(schema, found, raw)


def problem_of(schema: GraphQLSchema, found: Plan, raw: dict[str, Any] | None) -> ApiError | None:
    """The first refused argument of the planned operation, with these variables."""
    if all(field.constant and field.error is None for field in found.fields):
        return None
    definitions = found.operation.variable_definitions or ()
    variables = get_variable_values(schema, definitions, raw or {})
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
    """Refuses, before execution, an operation with an argument its resolver would refuse."""

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
