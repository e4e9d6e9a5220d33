"""The GraphiQL IDE, served whole from the package: the page and its scripts never
reach for the network, so it works offline and behind a strict firewall."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, HTTPException
from starlette.responses import HTMLResponse, Response

ASSETS = files("api") / "static" / "graphiql"
"""Tandem's own page and script."""
VENDORED = files("api") / "static" / "vendor" / "graphiql"
"""GraphiQL and React, shipped unchanged from npm (VERSIONS says which and how to upgrade)."""
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
# A fixed list, not a directory listing: nothing else under the package is reachable.
OURS = "tandem-graphiql.js"
SERVED = frozenset(
    {
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
        OURS,
    }
)


def page() -> HTMLResponse:
    """The GraphiQL page; its asset URLs are relative, so a path prefix keeps working."""
    return HTMLResponse((ASSETS / "index.html").read_text(encoding="utf-8"))


def router() -> APIRouter:
    """GET /graphiql/<asset> for the page's scripts and style sheet."""
    routes = APIRouter()

    @routes.get("/graphiql/{name}", include_in_schema=False)
    async def asset(name: str) -> Response:
        if name not in SERVED:
            raise HTTPException(404)
        suffix = name[name.rindex(".") :]
        return Response(
            ((ASSETS if name == OURS else VENDORED) / name).read_bytes(),
            media_type=MEDIA_TYPES[suffix],
            headers={"Cache-Control": "public, max-age=86400"},
        )

    return routes
