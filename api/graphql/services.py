"""What the GraphQL layer needs from the process: the application service, the views'
reader, the view watch, time travel, and authentication. One per app lifespan (one
event loop)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

import anyio.to_thread

from api.composition import Container
from api.graphql.errors import UNAVAILABLE, ApiError
from api.graphql.response_cache import ResponseCache
from api.graphql.token_cache import TokenCache, file_changes, store_changes
from api.graphql.viewer import ANONYMOUS, Viewer
from api.metrics import Metrics
from api.view_watch import ViewsBehind, ViewWatch
from domain.application import Tandem
from projections.reader import ViewReader
from projections.time_travel.service import TimeTravel

MAX_TOKEN_LENGTH = 512


@dataclass
class Services:
    container: Container
    reader: ViewReader
    watch: ViewWatch
    metrics: Metrics
    time_travel: TimeTravel
    """Synchronous: resolvers call it on a worker thread."""
    responses: ResponseCache = field(init=False)
    tokens: TokenCache | None = field(default=None, init=False)
    """Tokens checked lately, forgotten when their member changes: on PostgreSQL when
    the event store NOTIFYs it, on SQLite when the next request reads the store's head."""

    def __post_init__(self) -> None:
        self.responses = ResponseCache(self.container.settings.response_cache)
        store = self.container.settings.store
        channel = getattr(self.app.recorder, "channel_name", None)
        if store.backend == "postgres" and channel:
            self.tokens = TokenCache(self.app.member_for_token, store_changes(self.app.recorder))
            self.watch.channels[channel] = self.tokens.heard
            self.watch.listening.append(self.tokens.following)
            self.app.on_recorded.append(self.tokens.forget)
        elif store.backend == "sqlite":
            table = getattr(self.app.recorder, "events_table_name", "stored_events")
            changes = file_changes(store.sqlite_path, table)
            self.tokens = TokenCache(self.app.member_for_token, changes, polled=True)

    @property
    def app(self) -> Tandem:
        return self.container.app

    async def authenticate(self, authorization: str | None) -> Viewer:
        """The viewer named by an `Authorization: Bearer <token>` value."""
        token = bearer_token(authorization)
        if token is None:
            return ANONYMOUS
        admin = self.container.admin_token.encode()
        if hmac.compare_digest(token.encode("utf-8", "replace"), admin):
            return Viewer(is_admin=True)
        if self.tokens is not None:
            member = await self.tokens.member_for(token)
        else:  # memory: the store is in this process
            member = await anyio.to_thread.run_sync(self.container.app.member_for_token, token)
        return Viewer(member_id=member) if member else ANONYMOUS

    async def settle(self, position: int | None) -> None:
        """Waits until the views show `position` (or the whole log, when None)."""
        if position is None:
            position = await anyio.to_thread.run_sync(self._head)
        try:
            await self.watch.wait_for(position, self.container.settings.read_timeout)
        except ViewsBehind as error:
            raise ApiError(
                UNAVAILABLE,
                "the decision is recorded but the views have not caught up yet; query again "
                f"shortly, or retry with the same idempotencyKey ({error})",
                retryable=True,
            ) from None

    def _head(self) -> int:
        return self.container.app.recorder.max_notification_id() or 0


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return token
