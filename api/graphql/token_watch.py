"""Closes a subscription connection whose token stopped working (rotated, member
deactivated) with 4403, as a refused connection_init is: each open connection checks
its token against the store once a second, so it closes within about a second in
every process, whichever process recorded the rotation."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from starlette.websockets import WebSocket, WebSocketState

from api.graphql.context import Context

log = logging.getLogger("tandem.api")
CHECK_EVERY = 1.0
REVOKED = 4403


def watch_token(context: Context, authorization: str | None) -> None:
    """Starts the check for this connection (not for the administrator's token, which
    only a restart changes)."""
    websocket = context.request
    if context.viewer.is_admin or not isinstance(websocket, WebSocket):
        return
    task = asyncio.create_task(_close_when_refused(context, websocket, authorization))
    context.__dict__["token_watch"] = task  # keeps the task alive with the connection


async def _close_when_refused(
    context: Context, websocket: WebSocket, authorization: str | None
) -> None:
    while websocket.application_state != WebSocketState.DISCONNECTED:
        await asyncio.sleep(CHECK_EVERY)
        try:
            viewer = await context.services.authenticate(authorization)
        except Exception:  # a store hiccup is not a revocation; look again
            log.warning("could not re-check a subscription's token", exc_info=True)
            continue
        if not viewer.authenticated:
            with contextlib.suppress(Exception):
                await websocket.close(code=REVOKED, reason="token no longer valid")
            return
