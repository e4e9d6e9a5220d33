"""The API under test: the real ASGI app (lifespan, in-process views) on a clean database,
an httpx client speaking to it in-process, and the people of the Checkout product."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from httpx_ws.transport import ASGIWebSocketTransport

from api.app import create_app
from api.composition import Container, build
from api.graphql.services import Services
from api.settings import Settings
from domain.actor import Actor
from domain.application import Tandem
from domain.commands import CreateProduct, GrantRole, ProposeItem, RegisterMember
from domain.vocabulary import Role
from tests.given import Clock

ADMIN_TOKEN = "admin-secret-token"
CALLERS = ("Ana", "Ben", "Cleo", "Dev", "Eve", "admin", "anonymous")
"""Ana is the Product Owner, Ben the Engineering Manager, Cleo an engineer, Dev a
stakeholder, Eve a member of no product; then the administrator and nobody."""
ROLES = {
    "Ana": Role.PRODUCT_OWNER,
    "Ben": Role.ENGINEERING_MANAGER,
    "Cleo": Role.ENGINEER,
    "Dev": Role.STAKEHOLDER,
}


@dataclass
class Reply:
    """One HTTP answer to a GraphQL request."""

    status: int
    body: dict[str, Any]
    text: str

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or [])

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.errors]

    @property
    def code(self) -> str | None:
        return self.codes[0] if self.codes else None


@dataclass
class Api:
    """Talks GraphQL to the app; `tokens` names the callers."""

    app: FastAPI
    container: Container
    client: httpx.AsyncClient
    tokens: dict[str, str | None] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    product_id: str = ""

    @property
    def tandem(self) -> Tandem:
        return self.container.app

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    def actor(self, name: str) -> Actor:
        return Actor.admin() if name == "admin" else Actor.member(self.ids[name])

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        as_: str | None = "admin",
        **extra: Any,
    ) -> Reply:
        token = self.tokens.get(as_) if as_ in self.tokens else as_
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        body: dict[str, Any] = {"query": query, **extra}
        if variables is not None:
            body["variables"] = variables
        response = await self.client.post("/graphql", json=body, headers=headers)
        return reply(response)

    async def ok(
        self, query: str, variables: dict[str, Any] | None = None, as_: str | None = "admin"
    ) -> Any:
        answer = await self.post(query, variables, as_)
        assert answer.status == 200 and not answer.errors, answer.body
        return answer.data

    async def settled(self) -> None:
        """Waits until the views show everything recorded so far (decisions made directly
        through the application service in a test's `given`)."""
        await self.services.settle(None)

    @asynccontextmanager
    async def websocket_client(self) -> AsyncIterator[httpx.AsyncClient]:
        transport = ASGIWebSocketTransport(app=self.app, initial_receive_timeout=10)
        async with httpx.AsyncClient(transport=transport, base_url="http://tandem") as client:
            yield client

    def head(self) -> int:
        return self.tandem.recorder.max_notification_id() or 0


def reply(response: httpx.Response) -> Reply:
    try:
        body = response.json()
    except json.JSONDecodeError:
        raise AssertionError(f"not JSON ({response.status_code}): {response.text[:300]}") from None
    return Reply(response.status_code, body, response.text)


def settings_for(url: str, **overrides: Any) -> Settings:
    return Settings(database_url=url, admin_token=ADMIN_TOKEN, **overrides)


@asynccontextmanager
async def running(url: str, **overrides: Any) -> AsyncIterator[Api]:
    """The app over a fresh container with a ticking test clock, lifespan and all."""
    container = build(settings_for(url, **overrides), clock=Clock())
    try:
        app = create_app(container)
        async with app.router.lifespan_context(app):
            # Plain ASGI for HTTP: the websocket transport's task group cannot span a
            # fixture's set-up and tear-down; websocket tests open `websocket_client()`.
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://tandem") as client:
                yield Api(app, container, client, tokens={"admin": ADMIN_TOKEN, "anonymous": None})
    finally:
        container.close()


async def gather_crew(api: Api) -> Api:
    """Registers Ana, Ben, Cleo, Dev and Eve, creates "Checkout" with their roles, and
    proposes "SSO login", "Guest checkout" and "Apple Pay"."""
    tandem, admin = api.tandem, Actor.admin()
    for name in ("Ana", "Ben", "Cleo", "Dev", "Eve"):
        registration = tandem.decide(
            admin, RegisterMember(name=name, email=f"{name.lower()}@tandem.example")
        )
        api.ids[name], api.tokens[name] = registration.member_id, registration.token
    api.product_id = tandem.decide(
        admin, CreateProduct(name="Checkout", vision="Pay in one minute")
    ).product_id
    for name, role in ROLES.items():
        tandem.decide(
            admin, GrantRole(product_id=api.product_id, member_id=api.ids[name], role=role)
        )
    for title in ("SSO login", "Guest checkout", "Apple Pay"):
        outcome = tandem.decide(
            api.actor("Ana"), ProposeItem(product_id=api.product_id, title=title)
        )
        api.ids[title] = str(outcome.item_id)
    await api.settled()
    return api
