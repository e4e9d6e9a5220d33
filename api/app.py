"""The FastAPI application: /graphql (HTTP and websocket), /healthz and /readyz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse

from api import graphiql, health, observability
from api.composition import Container, build
from api.graphql import endpoint, websocket
from api.graphql.errors import GENERIC_MESSAGE, INTERNAL, error_body
from api.graphql.schema import build_schema
from api.graphql.services import Services
from api.settings import Settings
from api.view_watch import ViewWatch

log = logging.getLogger("tandem.api")


def create_app(config: Settings | Container | None = None) -> FastAPI:
    """The app for one process. Given a Container, the caller owns (and closes) it."""
    owned = not isinstance(config, Container)
    container = config if isinstance(config, Container) else build(config or Settings())
    settings = container.settings
    schema = build_schema(introspection=settings.introspection)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        running = container.projections.running
        if settings.projections == "inprocess" and not running:
            container.start_views()
        reader = container.reader()
        watch = ViewWatch(reader)
        watch.follow(container.projections)
        if settings.store.backend == "postgres":
            watch.listen(settings.store.dsn())
        app.state.services = Services(container, reader, watch, metrics, container.time_travel)
        try:
            yield
        finally:
            await watch.close()
            await reader.close()
            container.readers.remove(reader)
            if owned:
                container.close()

    app = FastAPI(
        title="Tandem", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None
    )
    app.include_router(endpoint.router(schema, settings.graphiql))
    if settings.graphiql:
        app.include_router(graphiql.router())
    app.include_router(websocket.subscription_router(schema, settings.allowed_origins))
    app.include_router(health.router())
    app.add_exception_handler(Exception, _unexpected)
    app.state.container = container
    app.state.schema = schema
    metrics = observability.install(app, settings, container)
    return app


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    """The last resort: a JSON error with a request id, never a traceback."""
    request_id = getattr(request.state, "request_id", None)
    log.error("request %s failed unexpectedly", request_id, exc_info=error)
    return JSONResponse(error_body(INTERNAL, GENERIC_MESSAGE, requestId=request_id), 200)
