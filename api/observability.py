"""Request ids, one JSON log line per request, and Prometheus metrics at /metrics.

`install(app, settings, container)` wires it all into an app. The middleware is pure
ASGI (not BaseHTTPMiddleware) so streamed responses and websockets pass through
untouched. It puts the request id in `request.state.request_id` before the app runs
and reads back what the GraphQL view leaves there: `request.state.operation_name` and
`request.state.outcome` ("ok" or an error code such as FORBIDDEN).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import configure_logging, log_config, request_id_var
from api.metrics import Metrics, WebhookCollector
from api.settings import Settings

if TYPE_CHECKING:
    from api.composition import Container

__all__ = ["configure_logging", "install", "log_config"]

access_log = logging.getLogger("tandem.access")

REQUEST_ID_HEADER = "X-Request-Id"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
"""Probes and scrapes: logged at DEBUG so they do not drown the requests that matter."""


def install(app: FastAPI, settings: Settings, container: Container | None = None) -> Metrics:
    """Adds the request middleware and GET /metrics to `app`; returns its metrics."""
    status = container.projections.status if container is not None else None
    metrics = Metrics(status)
    store = getattr(container.projections, "store", None) if container is not None else None
    if store is not None:
        metrics.registry.register(WebhookCollector(store))
    app.state.metrics = metrics
    # Outermost, outside Starlette's ServerErrorMiddleware: even the response of the
    # app's last-resort exception handler carries the request id and is logged with
    # the status it really had.
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: RequestObservation(build_stack(), metrics)  # type: ignore[method-assign]

    async def serve_metrics(request: Request) -> Response:
        # Collecting reads the views' positions: a blocking query, off the event loop.
        body = await run_in_threadpool(generate_latest, metrics.registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    app.add_api_route("/metrics", serve_metrics, methods=["GET"], include_in_schema=False)
    return metrics


def request_id_from(scope: Scope) -> str:
    """The caller's X-Request-Id when it is sane, else a new one."""
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = str(value.decode("latin-1"))
            if _SANE_REQUEST_ID.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RequestObservation:
    """Pure ASGI middleware: request id in, request id out, one log line, metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        header = (b"x-request-id", request_id.encode())
        status: int | None = None

        async def send_with_id(message: Message) -> None:
            nonlocal status
            kind = message["type"]
            if kind in ("http.response.start", "websocket.accept"):
                status = message.get("status", 101)
                headers = [h for h in message.get("headers", ()) if h[0].lower() != header[0]]
                message = {**message, "headers": [*headers, header]}
            elif kind == "websocket.close" and status is None:
                status = 403  # closed before the handshake completed
            await send(message)

        id_token = request_id_var.set(request_id)
        http = scope["type"] == "http"
        if http:
            self.metrics.in_flight.inc()
        started = time.perf_counter()
        failed = False
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            failed = True
            if http and status is None:
                # Nothing answered (the app's own error handling is inside): answer here,
                # with the request id; the traceback goes to the server log only.
                await send_with_id(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"text/plain")],
                    }
                )
                await send_with_id({"type": "http.response.body", "body": b"Internal Server Error"})
            raise
        finally:
            seconds = time.perf_counter() - started
            if http:
                self.metrics.in_flight.dec()
            self._record(
                scope, state, 500 if failed and status is None else status, failed, seconds
            )
            request_id_var.reset(id_token)

    def _record(
        self, scope: Scope, state: dict[str, Any], status: int | None, failed: bool, seconds: float
    ) -> None:
        operation = state.get("operation_name") or _route_path(scope)
        outcome = state.get("outcome") or _outcome(status, failed)
        self.metrics.observe_request(operation, outcome, seconds)
        path = scope.get("path", "")[:200]  # never the query string: it may hold secrets
        method = scope.get("method", "WS")
        level = logging.DEBUG if path in QUIET_PATHS else logging.INFO
        access_log.log(
            level,
            "%s %s %s",
            method,
            path,
            status,
            extra={
                "request_id": state["request_id"],
                "method": method,
                "path": path,
                "operation": operation,
                "status": status,
                "outcome": outcome,
                "duration_ms": round(seconds * 1000, 1),
            },
        )


def _route_path(scope: Scope) -> str:
    path = getattr(scope.get("route"), "path", "")
    return str(path) if path else "unmatched"


def _outcome(status: int | None, failed: bool) -> str:
    if failed:
        return "INTERNAL_SERVER_ERROR"
    if status is None:
        return "disconnected"  # the client left before a response started
    return "ok" if status < 400 else f"http_{status}"
