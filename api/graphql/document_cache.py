"""Each document is parsed and validated once per process, for documents up to a size:
Strawberry's ParserCache (an LRU keyed by the document's text), and an LRU of
validation errors keyed by the text too. Strawberry's ValidationCache keys them by the
parsed document, whose hash walks every node of it on every request (about 6% of a
small query's time under the profiler, and more for a larger document).

A parsed document takes about a hundred times its text in memory (4 MB for one at the
10,000-token limit), and anyone may send documents, valid or not: so only documents
of at most MAX_CHARACTERS are kept, at most CACHED of them (about 100 MB at worst).
Front ends send a few dozen documents, nearly all far smaller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.schema.schema import validate_document

CACHED = 128
MAX_CHARACTERS = 8 * 1024


def _when_small(
    extension: SchemaExtension, cached_step: Callable[[], Iterator[None]]
) -> Iterator[None]:
    """The cache's step for a document of at most MAX_CHARACTERS; for a larger one,
    none: Strawberry parses or validates it afresh."""
    if kept(extension.execution_context.query):
        yield from cached_step()
    else:
        yield


class ParsedDocuments(ParserCache):
    """Parses a document once; a larger one is parsed afresh each time (by Strawberry)."""

    def __init__(self) -> None:
        super().__init__(maxsize=CACHED)

    def on_parse(self) -> Iterator[None]:
        yield from _when_small(self, super().on_parse)


class ValidatedDocuments(SchemaExtension):
    """Validates a document once; a larger one is validated afresh each time."""

    def on_validate(self) -> Iterator[None]:
        yield from _when_small(self, self._validated)

    def _validated(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.query is not None:
            document = Keyed(
                context.schema._schema,
                context.query,
                context.validation_rules,
                context.graphql_document,
            )
            context.pre_execution_errors = validation_errors(document)
        yield


class Keyed:
    """A parsed document, equal to another by its schema, text and key alone (the
    validation rules, or the operation's name)."""

    __slots__ = ("_hash", "document", "key", "schema", "text")

    def __init__(self, schema: GraphQLSchema, text: str, key: Any, document: DocumentNode) -> None:
        self.schema, self.text, self.key, self.document = schema, text, key, document
        self._hash = hash((id(schema), text, key))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Keyed)
            and self.schema is other.schema
            and self.text == other.text
            and self.key == other.key
        )


def kept(query: str | None) -> bool:
    """Whether what is worked out from this document is kept (it is small enough)."""
    return query is not None and len(query) <= MAX_CHARACTERS


@lru_cache(maxsize=CACHED)
def validation_errors(document: Keyed) -> list[GraphQLError]:
    return validate_document(document.schema, document.document, document.key)
