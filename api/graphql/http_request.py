"""Reading a GraphQL request off HTTP, refusing anything malformed before GraphQL runs:
bodies over the size limit, other content types (a cross-site form can only send
form-encoded, multipart or text/plain bodies), invalid JSON or UTF-8, batches."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from api.graphql.errors import BAD_USER_INPUT


class Rejected(Exception):
    """The request is refused before GraphQL runs; `status` is the HTTP status."""

    def __init__(self, status: int, message: str, code: str = BAD_USER_INPUT) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


@dataclass(frozen=True)
class GraphQLRequest:
    query: str | None
    """None only with extensions.persistedQuery (api.graphql.persisted_queries)."""
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    extensions: dict[str, Any] = field(default_factory=dict)


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise Rejected(400, "invalid Content-Length")
        if int(declared) > limit:
            raise Rejected(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Rejected(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def from_post(request: Request, limit: int) -> GraphQLRequest:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise Rejected(415, "send the request as application/json")
    body = await read_body(request, limit)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Rejected(400, "the request body is not valid JSON in UTF-8") from None
    if isinstance(data, list):
        raise Rejected(400, "batched operations are not supported: send one per request")
    return checked(data)


def from_get(request: Request, limit: int) -> GraphQLRequest:
    params = request.query_params
    if sum(len(k) + len(v) for k, v in params.multi_items()) > limit:
        raise Rejected(413, f"the query string is larger than {limit} bytes")
    return checked(
        {
            "query": params.get("query"),
            "variables": json_parameter(params.get("variables"), "variables"),
            "operationName": params.get("operationName") or None,
            "extensions": json_parameter(params.get("extensions"), "extensions"),
        }
    )


def json_parameter(value: str | None, name: str) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        raise Rejected(400, f"{name} is not valid JSON") from None


def checked(data: Any) -> GraphQLRequest:
    if not isinstance(data, dict):
        raise Rejected(400, "the request must be a JSON object with a query")
    query, variables = data.get("query"), data.get("variables")
    name, extensions = data.get("operationName"), data.get("extensions")
    persisted = isinstance(extensions, dict) and "persistedQuery" in extensions
    if not (isinstance(query, str) and query.strip()) and not (query is None and persisted):
        raise Rejected(400, "the request has no query")
    if variables is not None and not isinstance(variables, dict):
        raise Rejected(400, "variables must be a JSON object")
    if name is not None and not isinstance(name, str):
        raise Rejected(400, "operationName must be a string")
    if extensions is not None and not isinstance(extensions, dict):
        raise Rejected(400, "extensions must be a JSON object")
    try:  # lone surrogates ("\ud800") are valid JSON but not text any store can keep
        json.dumps([query, variables, name], ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError, ValueError):
        raise Rejected(400, "the request contains text that is not valid Unicode") from None
    return GraphQLRequest(query, variables, name, extensions or {})
