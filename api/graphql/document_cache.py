"""Each document is parsed and validated once per process: Strawberry's ParserCache and
ValidationCache (LRUs keyed by the document's text, and by the parsed document, schema
and rules), for documents up to a size.

A parsed document takes about a hundred times its text in memory (4 MB for one at the
10,000-token limit), and anyone may send documents, valid or not: so only documents
of at most MAX_CHARACTERS are kept, at most CACHED of them (about 100 MB at worst).
Front ends send a few dozen documents, nearly all far smaller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache

CACHED = 128
MAX_CHARACTERS = 8 * 1024


def _when_small(
    extension: SchemaExtension, cached_step: Callable[[], Iterator[None]]
) -> Iterator[None]:
    """The cache's step for a document of at most MAX_CHARACTERS; for a larger one,
    none: Strawberry parses or validates it afresh."""
    query = extension.execution_context.query
    if query is not None and len(query) <= MAX_CHARACTERS:
        yield from cached_step()
    else:
        yield


class ParsedDocuments(ParserCache):
    """Parses a document once; a larger one is parsed afresh each time (by Strawberry)."""

    def __init__(self) -> None:
        super().__init__(maxsize=CACHED)

    def on_parse(self) -> Iterator[None]:
        yield from _when_small(self, super().on_parse)


class ValidatedDocuments(ValidationCache):
    """Validates a document once; a larger one is validated afresh each time."""

    def __init__(self) -> None:
        super().__init__(maxsize=CACHED)

    def on_validate(self) -> Iterator[None]:
        yield from _when_small(self, super().on_validate)
