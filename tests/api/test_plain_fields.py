"""The executor's shorter way through plain leaf fields answers exactly as
graphql-core's own way: the same data, the same errors at the same paths, and it
leaves every other field (arguments, resolvers, objects, __typename) to graphql-core."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import GraphQLField, GraphQLObjectType, GraphQLResolveInfo
from graphql.pyutils import Path
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.executor import PlainFieldsExecutor


@strawberry.enum
class Colour(Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Row:
    id: strawberry.ID
    title: str
    rank: int
    note: str | None
    colour: Colour
    missing: str  # the row below holds None: a non-null field with no value

    @strawberry.field
    def shout(self, times: int = 1) -> str:
        return self.title.upper() * times


@strawberry.type
class Holder:
    rows: list[Row]
    first: Row
    maybe: Row | None
    broken: str  # BrokenHolder's property raises
    strays: list[Row]  # colours held as raw values: one an enum's, one none of them

    @strawberry.field
    def count(self) -> int:
        return len(self.rows)


class BrokenHolder:
    """A source whose `broken` attribute raises when read."""

    def __init__(self, rows: list[Row]) -> None:
        self.rows, self.first, self.maybe = rows, rows[0], None
        self.strays = [
            Row(id=strawberry.ID(n), title=n, rank=0, note=None, colour=colour, missing="m")  # type: ignore[arg-type]
            for n, colour in (("3", "green"), ("4", "purple"))
        ]

    @property
    def broken(self) -> str:
        raise ValueError("the attribute raised")


ROWS = [
    Row(id=strawberry.ID("1"), title="one", rank=1, note=None, colour=Colour.RED, missing="m"),
    Row(id=strawberry.ID("2"), title="two", rank=2, note="n", colour=Colour.GREEN, missing=None),  # type: ignore[arg-type]
]


@strawberry.type
class Query:
    @strawberry.field
    def holder(self) -> Holder:
        return BrokenHolder(ROWS)  # type: ignore[return-value]


class Counting(PlainFieldsExecutor):
    """Counts the ResolveInfo records built: one per field graphql-core resolves."""

    built = 0

    def build_resolve_info(
        self,
        field_def: GraphQLField,
        field_nodes: Any,
        parent_type: GraphQLObjectType,
        path: Path,
    ) -> GraphQLResolveInfo[Any]:
        Counting.built += 1
        return super().build_resolve_info(field_def, field_nodes, parent_type, path)


class Upper(SchemaExtension):
    """An extension resolving fields: every string comes out in capitals."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        result = _next(root, info, *args, **kwargs)
        return result.upper() if isinstance(result, str) else result


def schema(
    executor: type[StrawberryGraphQLCoreExecutionContext], *extensions: type[SchemaExtension]
) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, execution_context_class=executor, extensions=list(extensions)
    )


DOCUMENTS = [
    "{ holder { rows { id title rank note colour } } }",
    "{ holder { first { a: title b: title rank } count } }",
    "{ holder { rows { id missing } } }",
    "{ holder { first { title } broken } }",
    "{ holder { rows { shout(times: 2) __typename } maybe { id } } }",
    "{ __typename holder { __typename first { colour } } }",
    "{ holder { strays { id colour } } }",
]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_answer_is_graphql_cores(document: str) -> None:
    ours = schema(PlainFieldsExecutor).execute_sync(document)
    theirs = schema(StrawberryGraphQLCoreExecutionContext).execute_sync(document)
    assert ours.data == theirs.data
    assert [(e.message, e.path) for e in ours.errors or []] == [
        (e.message, e.path) for e in theirs.errors or []
    ]


def test_a_null_in_a_non_null_field_is_an_error_at_its_path() -> None:
    result = schema(PlainFieldsExecutor).execute_sync("{ holder { rows { id missing } } }")
    assert result.data is None
    assert [(e.message, e.path) for e in result.errors or []] == [
        ("Cannot return null for non-nullable field Row.missing.", ["holder", "rows", 1, "missing"])
    ]


def test_only_fields_that_are_not_plain_build_a_resolve_info() -> None:
    Counting.built = 0
    document = "{ holder { rows { id title rank note colour shout } count } }"
    result = schema(Counting).execute_sync(document)
    assert result.errors is None
    # holder, rows (a list of objects), count, and shout on each of the two rows;
    # none of the ten plain leaves (five fields on two rows).
    assert Counting.built == 5


def test_an_extension_that_resolves_fields_still_sees_every_field() -> None:
    result = schema(PlainFieldsExecutor, Upper).execute_sync("{ holder { first { title } } }")
    assert result.data == {"holder": {"first": {"title": "ONE"}}}
