"""Subscriptions over graphql-transport-ws on /graphql, authenticated in connection_init.

Strawberry's router speaks the protocol; only its websocket route is kept (HTTP is ours,
in endpoint.py). A connection_init without a valid {"Authorization": "Bearer <token>"}
payload is closed with 4403, as graphql-ws servers do when onConnect refuses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIWebSocketRoute
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from api.graphql.context import Context
from api.graphql.endpoint import request_id_of
from api.graphql.schema import TandemSchema
from api.graphql.services import Services
from api.graphql.token_watch import watch_token
from api.graphql.viewer import ANONYMOUS


async def websocket_context(websocket: WebSocket) -> Context:
    services: Services = websocket.app.state.services
    return Context(services, ANONYMOUS, request_id_of(websocket))


class SubscriptionRouter(GraphQLRouter[Context, None]):
    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params
        header = _authorization(params) if isinstance(params, Mapping) else None
        viewer = await context.services.authenticate(header)
        if not viewer.authenticated:
            raise ConnectionRejectionError()
        context.viewer = viewer
        watch_token(context, header)
        return None


def _authorization(params: Mapping[str, Any]) -> str | None:
    for key, value in params.items():
        if isinstance(key, str) and key.lower() == "authorization" and isinstance(value, str):
            return value
    return None


def subscription_router(schema: TandemSchema, allowed_origins: Sequence[str]) -> APIRouter:
    graphql = SubscriptionRouter(
        schema,
        path="/graphql",
        graphql_ide=None,
        context_getter=websocket_context,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        allowed_origins=allowed_origins,
        max_subscriptions_per_connection=20,
    )
    routes = APIRouter()
    routes.routes.extend(r for r in graphql.routes if isinstance(r, APIWebSocketRoute))
    return routes
