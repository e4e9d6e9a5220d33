"""POST and GET /graphql: one operation per request, JSON in and out, never a 5xx.

Queries and mutations over POST; queries only over GET (a mutation over GET is 405);
either may send the document's hash instead (api.graphql.persisted_queries); subscriptions
over the websocket on the same path. Requests refused before GraphQL runs get a 4xx status
with a GraphQL-shaped JSON error body; everything that reaches GraphQL answers 200 with
`data` and `errors` as application/json, or, when the client accepts
application/graphql-response+json, 4xx/5xx where nothing ran (api.graphql.media_types).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import uuid
from typing import Any

from fastapi import APIRouter
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from api import graphiql as graphiql_ide
from api.graphql.context import Context
from api.graphql.errors import (
    GENERIC_MESSAGE,
    INTERNAL,
    VALIDATION_FAILED,
    classify,
    code_of,
    error_body,
    is_unavailable,
    unavailable_body,
)
from api.graphql.http_request import Rejected, from_get, from_post
from api.graphql.media_types import JSON, negotiated, status_for
from api.graphql.persisted_queries import PersistedQueries
from api.graphql.response_cache import Answer, key_of, version_of
from api.graphql.schema import TandemSchema
from api.graphql.services import Services

log = logging.getLogger("tandem.api")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
QUERIES = (OperationType.QUERY,)
QUERIES_AND_MUTATIONS = (OperationType.QUERY, OperationType.MUTATION)


def request_id_of(request: HTTPConnection) -> str:
    """The id observability gave the request, the client's X-Request-Id, or a new one."""
    existing = getattr(request.state, "request_id", None)
    if not existing:
        header = request.headers.get("x-request-id", "")
        existing = header if REQUEST_ID.match(header) else uuid.uuid4().hex
        request.state.request_id = existing
    return str(existing)


def json_response(
    status: int, body: dict[str, Any], request_id: str, media_type: str = JSON
) -> Response:
    try:
        content = _encoded(body)
    except (ValueError, TypeError, UnicodeEncodeError):
        log.exception("request %s: the response could not be encoded", request_id)
        status, body = 200, error_body(INTERNAL, GENERIC_MESSAGE, requestId=request_id)
        content = json.dumps(body).encode()
    return Response(
        content,
        status_code=status_for(media_type, status, body),
        media_type=media_type,
        headers=_id(request_id),
    )


def _encoded(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _id(request_id: str) -> dict[str, str]:
    return {"X-Request-Id": request_id}


def router(schema: TandemSchema, graphiql: bool) -> APIRouter:
    routes = APIRouter()
    persisted = PersistedQueries()

    @routes.post("/graphql", include_in_schema=False)
    async def post(request: Request) -> Response:
        return await handle(request, schema, persisted, get=False)

    @routes.get("/graphql", include_in_schema=False)
    async def get(request: Request) -> Response:
        params = request.query_params
        if (
            graphiql
            and "query" not in params
            and "extensions" not in params
            and "text/html" in request.headers.get("accept", "")
        ):
            return graphiql_ide.page()
        return await handle(request, schema, persisted, get=True)

    return routes


async def handle(
    request: Request, schema: TandemSchema, persisted: PersistedQueries, *, get: bool
) -> Response:
    request_id = request_id_of(request)
    request.state.outcome = "ok"
    try:
        answered = await execute(request, schema, persisted, request_id, get=get)
        if isinstance(answered, Answer):  # kept, or to be kept: already encoded
            media_type = negotiated(request.headers.get("accept"))
            return Response(answered.content, media_type=media_type, headers=_id(request_id))
        status, body = answered
    except Rejected as rejected:
        status, body = rejected.status, error_body(rejected.code, rejected.message)
    except Exception as error:
        if is_unavailable(error):  # e.g. authenticating while the store is unreachable
            log.warning("request %s: the database is unavailable: %s", request_id, error)
            status, body = 200, unavailable_body()
        else:
            log.exception("request %s failed unexpectedly", request_id)
            status, body = 200, error_body(INTERNAL, GENERIC_MESSAGE, requestId=request_id)
    if body.get("errors"):
        request.state.outcome = body["errors"][0].get("extensions", {}).get("code", INTERNAL)
    return json_response(status, body, request_id, negotiated(request.headers.get("accept")))


async def execute(
    request: Request,
    schema: TandemSchema,
    persisted: PersistedQueries,
    request_id: str,
    *,
    get: bool,
) -> tuple[int, dict[str, Any]] | Answer:
    services: Services = request.app.state.services
    limit = services.container.settings.max_body_bytes
    operation = from_get(request, limit) if get else await from_post(request, limit)
    request.state.operation_name = operation.operation_name
    document = persisted.document(operation)
    viewer = await services.authenticate(request.headers.get("authorization"))
    cache, kept = services.responses, None
    if viewer.authenticated and cache.is_query(document, operation.operation_name):
        key = key_of(viewer, document, operation.operation_name, operation.variables)
        if key is not None:
            kept = (version_of(await services.reader.positions()), key)
            answer = cache.answer(*kept)
            if answer is not None:
                request.state.operation_name = answer.operation_name
                return answer
    context = Context(services, viewer, request_id)
    context.request = request
    try:
        result = await schema.execute(
            document,
            variable_values=operation.variables,
            context_value=context,
            operation_name=operation.operation_name,
            allowed_operation_types=QUERIES if get else QUERIES_AND_MUTATIONS,
        )
    except MissingQueryError:
        raise Rejected(400, "the request has no query") from None
    except CannotGetOperationTypeError as error:
        # A GraphQL request error like any validation failure: 200, with the code.
        raise Rejected(200, error.as_http_error_reason(), VALIDATION_FAILED) from None
    except InvalidOperationTypeError as error:
        if error.operation_type is OperationType.SUBSCRIPTION:
            raise Rejected(
                400,
                "subscriptions use the graphql-transport-ws protocol on this path",
                VALIDATION_FAILED,
            ) from None
        raise Rejected(405, "mutations are not allowed over GET; use POST") from None
    request.state.operation_name = context.operation_name or operation.operation_name
    body: dict[str, Any] = {}
    if result.data is not None or not result.errors or any(e.path for e in result.errors):
        body["data"] = result.data  # absent only when nothing ran (a request error)
    if result.errors:
        # Errors raised outside the operation (e.g. by an extension) were not classified.
        errors = [classify(error, request_id) for error in result.errors]
        body["errors"] = [error.formatted for error in errors]
        request.state.outcome = code_of(errors[0])
    elif context.operation_type is OperationType.QUERY:
        cache.seen_query(document, operation.operation_name)
        if kept is not None and context.cacheable:
            with contextlib.suppress(ValueError, TypeError, UnicodeEncodeError):
                answer = Answer(_encoded(body), request.state.operation_name)
                cache.keep(*kept, answer)
                return answer  # json_response reports an answer that does not encode
    return 200, body
