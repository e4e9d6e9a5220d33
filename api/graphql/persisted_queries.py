"""Automatic persisted queries, Apollo's protocol: a client sends the SHA-256 of its
document in `extensions.persistedQuery` instead of the document (over GET or POST).

A hash this process has not seen is answered `PersistedQueryNotFound`, and the client
sends the hash again with the document, which registers it. Each process keeps its own
bounded LRU of documents, so with several workers a client may register a document
once per worker; clients do that on their own.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Any

from api.graphql.errors import BAD_USER_INPUT
from api.graphql.http_request import GraphQLRequest, Rejected

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
VERSION = 1
MAX_DOCUMENTS = 1024
MAX_CHARACTERS = 8 * 1024 * 1024
"""Both bound the store: many documents, or a few as large as a request body may be."""
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PersistedQueries:
    """The documents registered in this process, by their SHA-256, least recent out first
    (one event loop uses it: no lock)."""

    def __init__(
        self, max_documents: int = MAX_DOCUMENTS, max_characters: int = MAX_CHARACTERS
    ) -> None:
        self.max_documents = max_documents
        self.max_characters = max_characters
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._characters = 0

    def __len__(self) -> int:
        return len(self._documents)

    def document(self, request: GraphQLRequest) -> str:
        """The document to run: the request's own, or the one its hash names."""
        persisted = request.extensions.get("persistedQuery")
        if persisted is None:
            if request.query is None:
                raise Rejected(400, "the request has no query")
            return request.query
        digest = checked_hash(persisted)
        if request.query is None:
            known = self._recall(digest)
            if known is None:
                # Apollo's exact message and code: clients match on them to send the document.
                raise Rejected(200, "PersistedQueryNotFound", NOT_FOUND)
            return known
        if hashlib.sha256(request.query.encode("utf-8")).hexdigest() != digest:
            raise Rejected(
                400, "persistedQuery.sha256Hash is not the SHA-256 of the query", BAD_USER_INPUT
            )
        self._keep(digest, request.query)
        return request.query

    def _recall(self, digest: str) -> str | None:
        document = self._documents.get(digest)
        if document is not None:
            self._documents.move_to_end(digest)
        return document

    def _keep(self, digest: str, document: str) -> None:
        if len(document) > self.max_characters:
            return
        if digest in self._documents:
            self._documents.move_to_end(digest)
            return
        self._documents[digest] = document
        self._characters += len(document)
        while len(self._documents) > self.max_documents or self._characters > self.max_characters:
            _, dropped = self._documents.popitem(last=False)
            self._characters -= len(dropped)


def checked_hash(persisted: Any) -> str:
    """The lowercase hex SHA-256 of `extensions.persistedQuery`, or a clear refusal."""
    if not isinstance(persisted, dict):
        raise Rejected(400, "extensions.persistedQuery must be a JSON object")
    if persisted.get("version") != VERSION:
        raise Rejected(400, f"persistedQuery.version must be {VERSION}")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not SHA256.match(digest.lower()):
        raise Rejected(400, "persistedQuery.sha256Hash must be 64 hexadecimal digits")
    return digest.lower()
