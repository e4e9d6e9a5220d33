"""Every error leaves with an `extensions.code`; unexpected ones leave without their details.

Codes (the contract's, plus one): UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT,
BAD_USER_INPUT, GRAPHQL_VALIDATION_FAILED, INTERNAL_SERVER_ERROR, and UNAVAILABLE with
`retryable: true` when the store or the views could not serve the request right now
(retrying, with the same idempotencyKey for a decision, is safe).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from domain.errors import DomainError
from projections.engine.drivers import ViewsUnavailable

log = logging.getLogger("tandem.api")

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
CONFLICT = "CONFLICT"
BAD_USER_INPUT = "BAD_USER_INPUT"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL = "INTERNAL_SERVER_ERROR"
UNAVAILABLE = "UNAVAILABLE"
GENERIC_MESSAGE = "Internal server error; quote the requestId when reporting it"
UNAVAILABLE_MESSAGE = (
    "the database is unavailable right now; retry (with the same idempotencyKey for a decision)"
)
_LOST = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    ViewsUnavailable,
)


def is_unavailable(error: BaseException | None) -> bool:
    """The store or the views could not be reached (a lost connection, a lock held too
    long): the request may succeed if sent again, so it is UNAVAILABLE, not INTERNAL."""
    return isinstance(error, _LOST)


def unavailable_body() -> dict[str, Any]:
    return error_body(UNAVAILABLE, UNAVAILABLE_MESSAGE, retryable=True)


class ApiError(Exception):
    """An expected failure with its code; its message is safe to show."""

    def __init__(self, code: str, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extensions = extensions

    @classmethod
    def from_domain(cls, error: DomainError) -> ApiError:
        if error.code == UNAVAILABLE:
            return cls(UNAVAILABLE, str(error), retryable=True)
        return cls(error.code, str(error))


def unauthenticated() -> ApiError:
    return ApiError(UNAUTHENTICATED, "send a valid token: Authorization: Bearer <token>")


def bad_input(message: str) -> ApiError:
    return ApiError(BAD_USER_INPUT, message)


def error_body(code: str, message: str, **extensions: Any) -> dict[str, Any]:
    """A response body for errors found before GraphQL runs (HTTP-level problems)."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


def code_of(error: GraphQLError) -> str:
    """The code an already-classified error carries."""
    return str((error.extensions or {}).get("code", INTERNAL))


def _coded(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class ErrorCodes(SchemaExtension):
    """Gives every error a code, masks unexpected ones and logs their traceback once."""

    def __init__(self) -> None:
        self.validation_errors: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or ():
            self.validation_errors.add(id(error))

    def on_operation(self) -> Iterator[None]:
        yield
        self._classify_result(self.execution_context.result)

    def on_stream_result(self, result: Any) -> Iterator[None]:
        self._classify_result(result)
        yield None

    def _classify_result(self, result: Any) -> None:
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = [self.classify(e) for e in errors]

    def classify(self, error: GraphQLError) -> GraphQLError:
        validation = id(error) in self.validation_errors
        return classify(
            error,
            getattr(self.execution_context.context, "request_id", None),
            validation=validation,
        )


def classify(
    error: GraphQLError, request_id: str | None, *, validation: bool = False
) -> GraphQLError:
    """The error with its code; an unexpected one masked, its traceback logged."""
    if (error.extensions or {}).get("code"):
        return error
    original = error.original_error
    if isinstance(original, ApiError):
        return _coded(error, original.message, {"code": original.code, **original.extensions})
    if isinstance(original, DomainError):
        api = ApiError.from_domain(original)
        return _coded(error, api.message, {"code": api.code, **api.extensions})
    if is_unavailable(original):
        log.warning("request %s: the database is unavailable: %s", request_id, original)
        return _coded(error, UNAVAILABLE_MESSAGE, {"code": UNAVAILABLE, "retryable": True})
    if isinstance(error, GraphQLSyntaxError) or validation:
        return _coded(error, error.message, {"code": VALIDATION_FAILED})
    if error.path is None and error.message.startswith("Variable '$"):
        return _coded(error, error.message, {"code": BAD_USER_INPUT})
    log.error(
        "unexpected error in request %s: %s", request_id, error.message, exc_info=original or error
    )
    return _coded(error, GENERIC_MESSAGE, {"code": INTERNAL, "requestId": request_id})
